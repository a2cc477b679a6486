package dev.opsbook.server;

import dev.opsbook.jdbc.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a test server's execution engine at a fresh test database and a temporary opsbook home. */
public final class TestEngineProperties {
    private TestEngineProperties() {}

    /** Registers {@code db} and a new temporary home; returns the home (run directories live in {@code home/runs}). */
    public static Path register(DynamicPropertyRegistry registry, TestDatabase db) {
        Path home;
        try {
            home = Files.createTempDirectory("opsbook-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("opsbook.engine.db-url", db::url);
        registry.add("opsbook.engine.db-user", db::user);
        registry.add("opsbook.engine.db-password", db::password);
        registry.add("opsbook.engine.home", home::toString);
        return home;
    }
}
