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
        return register(registry, db, db::url);
    }

    /** The same with the database reached through {@code proxy} (outage tests cut it). */
    public static Path register(DynamicPropertyRegistry registry, TestDatabase db, dev.opsbook.jdbc.TcpProxy proxy) {
        return register(registry, db, () -> proxy.route(db.url()));
    }

    private static Path register(DynamicPropertyRegistry registry, TestDatabase db, java.util.function.Supplier<Object> url) {
        Path home;
        try {
            home = Files.createTempDirectory("opsbook-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("opsbook.engine.db-url", url);
        registry.add("opsbook.engine.db-user", db::user);
        registry.add("opsbook.engine.db-password", db::password);
        registry.add("opsbook.engine.home", home::toString);
        return home;
    }
}
