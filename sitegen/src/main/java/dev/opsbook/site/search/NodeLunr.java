package dev.opsbook.site.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Prebuilds lunr indexes by running the bundled lunr under {@code node} (one process per build). The
 * browser then only loads the serialized index, which for thousands of runbooks is several times faster
 * than building it at page load. Absent when {@code node} is not on the PATH: the site falls back to
 * building the index in the browser.
 */
public final class NodeLunr {
    static final String LUNR = "META-INF/resources/webjars/lunr/2.3.9/lunr.min.js";
    private final Path workDir;

    private NodeLunr(Path workDir) {
        this.workDir = workDir;
    }

    /** Finds {@code node} and unpacks lunr and the build script into a temporary folder. */
    public static Optional<NodeLunr> find() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.empty();
            }
            Path dir = Files.createTempDirectory("opsbook-lunr");
            dir.toFile().deleteOnExit();
            copy(LUNR, dir.resolve("lunr.js"));
            copy("dev/opsbook/site/search/build-index.js", dir.resolve("build-index.js"));
            return Optional.of(new NodeLunr(dir));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code shardsJson} is a JSON array of document arrays; returns the JSON array of serialized indexes. */
    String build(String shardsJson) {
        try {
            Process p = new ProcessBuilder("node", workDir.resolve("build-index.js").toString(),
                    workDir.resolve("lunr.js").toString()).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                in.write(shardsJson.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("building the search index with node failed: "
                        + new String(err.join(), StandardCharsets.UTF_8).strip());
            }
            return new String(out.join(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run node to build the search index: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the search index", e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = NodeLunr.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " (is the lunr webjar on the class path?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(String resource, Path target) throws IOException {
        Files.write(target, resource(resource));
        target.toFile().deleteOnExit();
    }

}
