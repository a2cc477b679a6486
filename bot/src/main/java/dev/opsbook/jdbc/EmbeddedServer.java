package dev.opsbook.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of the one-command start. The first opsbook process to need it starts it
 * in the data folder and stops it when it closes; others that find it running join it.
 *
 * <p>On a JVM shutdown (SIGTERM, Ctrl-C) it is stopped by its own shutdown hook — immediately for a CLI
 * command, but in the server ({@link #stopLast()}) only after the application closed it, so that runs
 * in flight are recorded and advisory locks released while the database still answers (bounded by
 * {@link #SERVER_GRACE}). Shutdown hooks run concurrently; without this the database would die under
 * the closing server.
 */
final class EmbeddedServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);
    static final Duration SERVER_GRACE = Duration.ofSeconds(60);
    private static volatile boolean stopLast;

    private final Optional<EmbeddedPostgres> owned;
    private final int port;
    private final CountDownLatch closed = new CountDownLatch(1);

    private EmbeddedServer(Optional<EmbeddedPostgres> owned, int port) {
        this.owned = owned;
        this.port = port;
        owned.ifPresent(pg -> Runtime.getRuntime().addShutdownHook(new Thread(this::stopAtShutdown, "embedded-postgres-stop")));
    }

    /** In this process the application closes the database at shutdown; the hook only waits for it. */
    static void stopLast() {
        stopLast = true;
    }

    private void stopAtShutdown() {
        try {
            if (stopLast && closed.await(SERVER_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
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
                    .setRegisterShutdownHook(false)
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
                pg.close(); // idempotent
            } catch (IOException e) {
                LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            }
        });
        closed.countDown();
    }
}
