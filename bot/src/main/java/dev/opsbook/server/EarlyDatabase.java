package dev.opsbook.server;

import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * {@code opsbook serve} opens the engine's database (starting the embedded PostgreSQL, migrating the schema) on a
 * thread of its own as soon as its settings are known, while Spring builds the rest of the server; the
 * {@code opsbookDatabase} bean then {@link #take takes} it. Settings the bean ends up with that differ from the
 * ones read early close the early database and open again; a server that fails before taking it closes it.
 * {@code ServeCommand} registers it ({@link #listenTo}); a context without it opens the database in the bean.
 */
public final class EarlyDatabase implements SmartApplicationListener {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyDatabase.class);

    private DatabaseSettings settings;
    private CompletableFuture<Database> opening;
    private boolean taken;

    /** Registers an early database with {@code application}: opened when the environment is ready, offered to the context. */
    public static void listenTo(org.springframework.boot.SpringApplication application) {
        EarlyDatabase early = new EarlyDatabase();
        application.addListeners(early);
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("earlyDatabase", early));
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
                || ApplicationFailedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            DatabaseSettings early;
            try {
                early = Binder.get(prepared.getEnvironment()).bindOrCreate("opsbook.engine", EngineProperties.class).database();
            } catch (RuntimeException e) {
                return; // the bean binds them again and says what is wrong
            }
            start(early);
        } else if (event instanceof ApplicationFailedEvent) {
            abandon();
        }
    }

    synchronized void start(DatabaseSettings early) {
        if (opening != null) {
            return;
        }
        settings = early;
        opening = new CompletableFuture<>();
        Thread.ofPlatform().name("opsbook-database-open").daemon(true).start(() -> {
            try {
                opening.complete(Database.open(early));
            } catch (Throwable e) {
                opening.completeExceptionally(e);
            }
        });
    }

    /**
     * The database for {@code wanted}: the one opened early when the settings are the same (waiting for it, or
     * throwing what opening it threw), otherwise empty (after closing an early one opened with other settings).
     */
    synchronized Optional<Database> take(DatabaseSettings wanted) {
        if (opening == null || taken) {
            return Optional.empty();
        }
        taken = true;
        Database database;
        try {
            database = join();
        } catch (RuntimeException e) {
            if (wanted.equals(settings)) {
                throw e;
            }
            return Optional.empty();
        }
        if (wanted.equals(settings)) {
            return Optional.of(database);
        }
        LOG.info("the database settings changed while the server started; opening {} again", wanted.describe());
        database.close();
        return Optional.empty();
    }

    /** Closes the early database if nothing took it (the server failed to start). */
    synchronized void abandon() {
        if (opening == null || taken) {
            return;
        }
        taken = true;
        try {
            join().close();
        } catch (RuntimeException e) {
            // it did not open: nothing to close
        }
    }

    private Database join() {
        try {
            return opening.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the database opened", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
