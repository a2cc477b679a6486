package dev.opsbook.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The posix_spawn starter (the build's tests run on JDK 22+ with native access enabled, as the launcher does):
 * the contract, plus what the JDK's spawn gave for free and this one must do itself.
 */
class PosixSpawnStepRunnerTest extends StepRunnerContract {
    @org.junit.jupiter.api.BeforeAll
    static void needsJava22() { // built and tested with JDK 21 the starter does not exist (core/pom.xml, profile posix-spawn)
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 22, "posix_spawn needs JDK 22+");
    }

    @Override
    ProcessStarter starter() {
        return ProcessStarter.posixSpawn().orElseThrow(() -> new AssertionError(
                "posix_spawn starter unavailable: tests must run on JDK 22+ with --enable-native-access=ALL-UNNAMED"));
    }

    @Test
    void isWhatTheRunnerChoosesByDefault() {
        assertThat(ProcessStarter.best().name()).isEqualTo("posix_spawn");
        assertThat(StepRunner.defaults().spawnMechanism()).isEqualTo("posix_spawn");
    }

    @Test
    void theStepLeadsItsOwnSessionWithNoInheritedDescriptorsBlockedOrIgnoredSignals() throws Exception {
        StepResult r = run("""
                echo "pid=$$ sid=$(ps -o sid= -p $$ | tr -d ' ') pgid=$(ps -o pgid= -p $$ | tr -d ' ')"
                for f in /proc/$$/fd/*; do printf '%s ' "${f##*/}"; done; echo
                grep -E '^Sig(Blk|Ign):' /proc/self/status
                """, Map.of(), Duration.ofSeconds(10), Redactor.none());
        assertThat(r.state()).isEqualTo(StepState.SUCCEEDED);
        String ids = lines.get(0).text();
        String pid = ids.substring(4, ids.indexOf(' '));
        assertThat(ids).isEqualTo("pid=" + pid + " sid=" + pid + " pgid=" + pid);
        // 0-2 are /dev/null and the output pipe, 255 bash's script, 3 the directory the glob is listing; nothing of the
        // JVM's dozens of jars and sockets (builtins only: a pipeline or $(…) would add bash's own pipes)
        assertThat(lines.get(1).text().strip().split(" ")).containsOnly("0", "1", "2", "3", "255");
        assertThat(lines.get(2).text()).isEqualTo("SigBlk:\t0000000000000000");
        // nothing ignored but glibc's internal signals 32 and 33, exactly as after the JDK's own spawn
        assertThat(lines.get(3).text()).isIn("SigIgn:\t0000000000000000", "SigIgn:\t0000000180000000");
    }

    @Test
    void standardInputIsDevNullAndStderrIsMerged() {
        StepResult r = run("cat; echo to-stderr >&2; readlink /proc/$$/fd/0", Map.of(), Duration.ofSeconds(10), Redactor.none());
        assertThat(r.state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(lines.stream().map(OutputLine::text)).containsExactly("to-stderr", "/dev/null");
    }

    @Test
    void aStepKilledByASignalReportsTheShellsCode() {
        StepResult r = run("kill -KILL $$", Map.of(), Duration.ofSeconds(10), Redactor.none());
        assertThat(r.state()).isEqualTo(StepState.FAILED);
        assertThat(r.exitCode()).contains(137);
    }

    @Test
    void aMissingInterpreterIsAClearFailure() throws Exception {
        StepResult r = runner.run(new StepLaunch("s1", 1, "no-such-interpreter-xyz", "true", dir, dir.resolve("scripts"),
                ExecutionSettings.inherit(System.getenv()), Duration.ofSeconds(5), Redactor.none(), dir.resolve("s1.log")), lines::add);
        assertThat(r.state()).isEqualTo(StepState.FAILED);
        assertThat(r.message()).startsWith("could not start no-such-interpreter-xyz").contains("No such file or directory");
        assertThat(Files.list(dir.resolve("scripts")).toList()).hasSize(1);
    }

    @Test
    void aShellStartedEarlyRunsNothingUntilItsStartIsRecorded() throws Exception {
        java.nio.file.Path marker = dir.resolve("ran");
        List<String> seenWhileRecording = new java.util.ArrayList<>();
        StepResult r = runner.run(launch("touch " + marker + "\necho \"$0 line $LINENO\""), lines::add, () -> {
            try {
                Thread.sleep(300); // a slow audit commit: the shell is up, waiting for its code
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            seenWhileRecording.add(Files.exists(marker) ? "ran before the record" : "waiting");
            seenWhileRecording.add(ProcessHandle.current().children().anyMatch(p -> p.info().command().orElse("").endsWith("bash"))
                    ? "shell started" : "no shell yet");
        });
        assertThat(r.state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(seenWhileRecording).containsExactly("waiting", "shell started");
        assertThat(marker).exists();
        java.nio.file.Path script = dir.resolve("scripts").resolve("s1.1.script");
        assertThat(lines.getFirst().text()).isEqualTo(script + " line 2");
        assertThat(Files.isRegularFile(script, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("the pipe is replaced by the file").isTrue();
        assertThat(Files.readString(script)).startsWith("touch ");
    }

    @Test
    void whenTheStartCannotBeRecordedTheWaitingShellRunsNothingAndIsGone() throws Exception {
        java.nio.file.Path marker = dir.resolve("ran");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> runner.run(launch("touch " + marker), lines::add, () -> {
            throw new dev.opsbook.audit.AuditWriteException("injected", null);
        })).isInstanceOf(dev.opsbook.audit.AuditWriteException.class);
        Thread.sleep(200);
        assertThat(marker).doesNotExist();
        assertThat(ProcessHandle.current().children().filter(ProcessTree::running).toList()).isEmpty();
        assertThat(Files.isRegularFile(dir.resolve("scripts").resolve("s1.1.script"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void aShellThatCannotStartAfterItsStartWasRecordedIsAFailedStepRecordedOnce() throws Exception {
        java.util.concurrent.atomic.AtomicInteger records = new java.util.concurrent.atomic.AtomicInteger();
        java.nio.file.Path gone = dir.resolve("no-such-dir");
        StepResult r = runner.run(new StepLaunch("s1", 1, "bash", "true", gone, dir.resolve("scripts"),
                ExecutionSettings.inherit(System.getenv()), Duration.ofSeconds(10), Redactor.none(), dir.resolve("s1.log")),
                lines::add, records::incrementAndGet);
        assertThat(r.state()).isEqualTo(StepState.FAILED);
        assertThat(r.message()).startsWith("could not start bash");
        assertThat(records).hasValue(1);
        assertThat(ProcessHandle.current().children().filter(ProcessTree::running).toList()).isEmpty();
    }

    @Test
    void anInterruptDuringTheRecordLetsTheRecordFinishThenCancelsTheStep() throws Exception {
        java.util.concurrent.CountDownLatch recording = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean recordFinished = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<StepResult> result = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> result.set(runner.run(launch("sleep 30"), lines::add, () -> {
            recording.countDown();
            long until = System.nanoTime() + 300_000_000L; // a commit in flight cannot be called back
            while (System.nanoTime() < until) {
                java.util.concurrent.locks.LockSupport.parkNanos(until - System.nanoTime());
            }
            recordFinished.set(true);
        })));
        assertThat(recording.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(20_000);

        assertThat(recordFinished).as("the record was waited for").isTrue();
        assertThat(result.get().state()).isEqualTo(StepState.CANCELLED);
        assertThat(result.get().duration()).isLessThan(Duration.ofSeconds(10));
        Thread.sleep(200);
        assertThat(ProcessHandle.current().children().filter(ProcessTree::running).toList()).isEmpty();
    }

    @Test
    void aHeldShellWhoseHolderGoesAwayReadsAnEmptyScript() throws Exception {
        // opsbook killed between starting the shell and recording the start closes its end of the pipe, as close() does
        java.nio.file.Path marker = dir.resolve("ran");
        java.nio.file.Path script = dir.resolve("held.script");
        assertThat(starter().makeFifo(script)).isTrue();
        java.io.RandomAccessFile holder = new java.io.RandomAccessFile(script.toFile(), "rw"); // as HeldScript holds it
        Process shell = starter().start(List.of("bash", script.toString()), dir, ExecutionSettings.inherit(System.getenv()));
        for (int i = 0; i < 500 && !HeldScript.opened(shell.pid(), script); i++) {
            Thread.sleep(10);
        }
        assertThat(HeldScript.opened(shell.pid(), script)).as("the shell opened its script").isTrue();
        assertThat(shell.isAlive()).as("waiting for its code").isTrue();
        holder.close(); // what the kernel does to a killed opsbook's descriptors
        assertThat(shell.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(shell.exitValue()).isZero();
        assertThat(marker).doesNotExist();
        shell.getInputStream().close();
    }

    @Test
    void theOpenWatchWakesWhenTheShellOpensItsScriptAndNotBefore() throws Exception {
        java.nio.file.Path script = dir.resolve("watched.script");
        assertThat(starter().makeFifo(script)).isTrue();
        try (java.io.RandomAccessFile holder = new java.io.RandomAccessFile(script.toFile(), "rw");
             ProcessStarter.OpenWatch watch = starter().watchOpens(script).orElseThrow()) {
            assertThat(watch.await(50)).as("the holder's own open came before the watch").isFalse();
            Process shell = starter().start(List.of("bash", script.toString()), dir, ExecutionSettings.inherit(System.getenv()));
            long t0 = System.nanoTime();
            boolean seen = false;
            for (int i = 0; i < 500 && !seen; i++) {
                seen = watch.await(20);
            }
            assertThat(seen).as("the shell's open was seen").isTrue();
            assertThat(HeldScript.opened(shell.pid(), script)).as("and the shell does hold it").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            holder.write("echo watched\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            holder.close();
            assertThat(new String(shell.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("watched\n");
            assertThat(shell.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    private StepLaunch launch(String code) {
        return new StepLaunch("s1", 1, "bash", code, dir, dir.resolve("scripts"), ExecutionSettings.inherit(System.getenv()),
                Duration.ofSeconds(10), Redactor.none(), dir.resolve("s1.log"));
    }

    @Test
    void manyStepsLeaveNoDescriptorsOrThreadsBehind() throws Exception {
        long before = Files.list(java.nio.file.Path.of("/proc/self/fd")).count();
        for (int i = 0; i < 200; i++) {
            assertThat(run("true", Map.of(), Duration.ofSeconds(10), Redactor.none()).state()).isEqualTo(StepState.SUCCEEDED);
        }
        assertThat(Files.list(java.nio.file.Path.of("/proc/self/fd")).count()).isLessThanOrEqualTo(before + 2);
        assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("opsbook-reaper-")).count())
                .as("reaper threads are pooled, not one per step").isLessThan(50);
        List<Long> zombies = ProcessHandle.current().children().filter(h -> !ProcessTree.running(h)).map(ProcessHandle::pid).toList();
        assertThat(zombies).isEmpty();
    }
}
