package dev.opsbook.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Ctrl-C (SIGINT/SIGTERM) during a run: the shutdown hook interrupts the run's thread, which kills the
 * running step's process group, records the run as cancelled, and then lets the JVM exit (waiting at
 * most 30 s for that).
 */
final class Interrupts {
    private Interrupts() {}

    static <T> T onCtrlC(Supplier<T> work) {
        Thread worker = Thread.currentThread();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            worker.interrupt();
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }, "opsbook-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return work.get();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for done
            }
        }
    }
}
