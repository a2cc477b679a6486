package dev.opsbook.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Assertions;

/**
 * What the headless Chromium tests need: a {@code browser-tests/} script, its npm modules, Chromium
 * ({@code /usr/bin/chromium} or {@code CHROMIUM_PATH}) and node. A test calls {@link #require} first: with
 * something missing it is skipped, except under CI ({@code CI=true}), where that fails.
 */
public final class BrowserTools {
    private BrowserTools() {}

    /** {@code script} is the node script the test runs; {@code repository} holds {@code browser-tests/}. */
    public static void require(Path repository, Path script) throws InterruptedException {
        String chromium = Optional.ofNullable(System.getenv("CHROMIUM_PATH")).orElse("/usr/bin/chromium");
        String missing = null;
        if (!Files.isRegularFile(script)) {
            missing = "the browser test script " + script;
        } else if (!Files.isDirectory(repository.resolve("browser-tests/node_modules/playwright-core"))) {
            missing = "browser-tests/node_modules (run `npm install` in browser-tests/)";
        } else if (!Files.isExecutable(Path.of(chromium))) {
            missing = "Chromium at " + chromium + " (install it or set CHROMIUM_PATH)";
        } else if (!commandWorks(List.of("node", "--version"))) {
            missing = "node on the PATH";
        }
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("The browser test needs " + missing + "; CI must provide it.");
            }
            Assumptions.abort("Skipping the headless Chromium test: missing " + missing + ".");
        }
    }

    private static boolean commandWorks(List<String> command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
