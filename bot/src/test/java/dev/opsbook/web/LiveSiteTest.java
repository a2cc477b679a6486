package dev.opsbook.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.audit.AuditReadException;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.reload.RunbookLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A site build the stopping server interrupts is no site error; a failing audit log is. */
class LiveSiteTest {
    @TempDir
    Path tmp;
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aBuildInterruptedByTheStoppingServerLeavesNoSiteError() throws Exception {
        LiveSite site = site(new FailingAudit(new AuditReadException("interrupted while reading the audit log",
                new InterruptedException())));
        assertThat(site.build()).isEmpty();
        assertThat(site.lastError()).isEmpty();
    }

    @Test
    void aBuildTheAuditLogFailsIsASiteError() throws Exception {
        LiveSite site = site(new FailingAudit(new AuditReadException("cannot read the audit log",
                new SQLException("connection refused"))));
        assertThat(site.build()).isEmpty();
        assertThat(site.lastError()).isEqualTo("cannot read the audit log");
    }

    private LiveSite site(AuditLog audit) throws Exception {
        RunbookLibrary library = new RunbookLibrary(Files.createDirectories(tmp.resolve("runbooks")));
        library.reload();
        return new LiveSite(library, audit, () -> 1L, tmp.resolve("site"), ServedTemplates.write(tmp.resolve("templates")),
                Clock.systemUTC(), scheduler, Duration.ofMillis(10));
    }

    private record FailingAudit(AuditReadException failure) implements AuditLog {
        @Override
        public RecordedEvent append(AuditEvent event) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public void read(long fromSequence, Consumer<RecordedEvent> sink) {
            throw failure;
        }
    }
}
