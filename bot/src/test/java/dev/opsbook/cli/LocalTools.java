package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Local programs, ports and processes the sample runbook tests start, probe and stop. */
final class LocalTools {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private LocalTools() {}

    /**
     * Aborts the test (skipped) when a program is not on PATH, or fails it when {@code CI=true}: on CI
     * a missing prerequisite is a broken machine, not an optional feature.
     */
    static void requireTools(String sample, String debianPackages, String... programs) {
        List<String> missing = Arrays.stream(programs).filter(p -> !onPath(p)).toList();
        if (missing.isEmpty()) {
            return;
        }
        String message = "sample runbook " + sample + " needs " + String.join(", ", missing) + " on PATH (Debian: apt-get install "
                + debianPackages + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + "; CI=true makes a missing prerequisite a failure");
        }
        Assumptions.abort(message + "; skipped (with CI=true this fails)");
    }

    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        return Arrays.stream(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    /** A TCP port nothing listens on right now (the OS picks it). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a command to its end (30 s at most) and returns its stdout, stripped; fails on a non-zero exit. */
    static String exec(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + ": still running after 30 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + ": exit " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static String httpGet(int port, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body().strip();
        } catch (IOException e) {
            return "unreachable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Stops the process a pid file names if its command line contains {@code match} (so a recycled pid
     * is never signalled): SIGTERM, up to 5 s, then SIGKILL. For clean-up after a test; never fails.
     */
    static void stopPidFile(Path pidFile, String match) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            var handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !commandLine(pid).contains(match)) {
                return;
            }
            handle.get().destroy();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (handle.get().isAlive() && !zombie(pid) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (handle.get().isAlive() && !zombie(pid)) {
                handle.get().destroyForcibly();
            }
        } catch (IOException | NumberFormatException e) {
            // nothing (left) to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String commandLine(long pid) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
    }

    /** Exited but not reaped (detached processes are reaped by init, sometimes late). */
    static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    /** Overwrites a few bytes in the middle of a file, as a bad disk or an interrupted copy would. */
    static void corrupt(Path file, int at) throws IOException {
        try (var ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("garbage".getBytes(StandardCharsets.US_ASCII)), at);
        }
    }

    static void touch(Path file) {
        try {
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
