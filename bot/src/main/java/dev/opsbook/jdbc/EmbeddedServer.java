package dev.opsbook.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded PostgreSQL of the one-command start. The first opsbook process to need it starts it
 * in the data folder and stops it when it closes; others that find it running join it.
 */
final class EmbeddedServer implements AutoCloseable {
    private final Optional<EmbeddedPostgres> owned;
    private final int port;

    private EmbeddedServer(Optional<EmbeddedPostgres> owned, int port) {
        this.owned = owned;
        this.port = port;
    }

    static EmbeddedServer startOrJoin(Path dataDir) {
        Optional<Integer> running = Database.runningPort(dataDir);
        if (running.isPresent()) {
            return new EmbeddedServer(Optional.empty(), running.get());
        }
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .start();
            return new EmbeddedServer(Optional.of(pg), pg.getPort());
        } catch (IOException | RuntimeException e) {
            throw new DatabaseUnavailableException("cannot start the embedded PostgreSQL in "
                    + dataDir.toAbsolutePath() + ": " + Database.rootMessage(e)
                    + " (set OPSBOOK_DB_URL to use a PostgreSQL server instead)", e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    @Override
    public void close() {
        owned.ifPresent(pg -> {
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("warning: embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        });
    }
}
