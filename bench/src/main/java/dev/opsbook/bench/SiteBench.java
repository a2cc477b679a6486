package dev.opsbook.bench;

import dev.opsbook.runbook.LintPolicy;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.RunbookLoader;
import dev.opsbook.runbook.RunbookParser;
import dev.opsbook.site.SiteBuild;
import dev.opsbook.site.SiteGenerator;
import dev.opsbook.site.SiteResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The sitegen benchmark: N synthetic runbooks → cold build (per page), incremental rebuild after one
 * body change and after one summary change, search data sizes (gzip), and query times in headless
 * Chromium (via browser-tests/bench-query.mjs when node and playwright-core are installed).
 * Usage: SiteBench N WORK_DIR
 */
public final class SiteBench {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "10000");
        Path work = Path.of(args.length > 1 ? args[1] : "target/sitegen-bench").toAbsolutePath();
        Path src = work.resolve("runbooks");
        Path out = work.resolve("site");
        delete(work);
        SyntheticRunbooks gen = new SyntheticRunbooks(42);
        gen.write(src, n);
        System.out.printf(Locale.ROOT, "generated %d runbooks in %s (%.1f MB)%n", n, src, size(src) / 1e6);

        long t = System.nanoTime();
        List<ParsedRunbook> parsed = new ArrayList<>(new RunbookLoader(LintPolicy.DEFAULTS).load(List.of(src)));
        long findings = parsed.stream().filter(p -> !p.findings().isEmpty()).count();
        System.out.printf(Locale.ROOT, "parse+lint: %d ms (%d runbooks with findings)%n", ms(t), findings);

        SiteGenerator generator = new SiteGenerator();
        SiteBuild cold = new SiteBuild(parsed, out, Optional.empty(), Optional.empty(), path -> Optional.empty(),
                Optional.empty(), Optional.empty(), Clock.systemUTC(), false);
        SiteResult first = generator.build(cold);
        report("cold build #1 (fresh JVM)", first, n);
        delete(out);
        SiteResult second = generator.build(cold);
        report("cold build #2 (warm JVM, same generator, empty output dir)", second, n);

        delete(out);
        SiteResult third = new SiteGenerator().build(cold);
        report("cold build #3 (warm JVM, new generator, empty output dir)", third, n);

        SiteBuild incremental = new SiteBuild(parsed, out, Optional.empty(), Optional.empty(), path -> Optional.empty(),
                Optional.empty(), Optional.empty(), Clock.systemUTC(), true);
        report("incremental, nothing changed", generator.build(incremental), n);
        for (int round = 0; round < 3; round++) {
            int victim = n / 2 + round;
            Path file = src.resolve(SyntheticRunbooks.service(victim) + ".md");
            long ti = System.nanoTime();
            String text = Files.readString(file).replace("## Backup\n", "## Backup\n\nEdited in round " + round + ".\n");
            Files.writeString(file, text);
            int index = indexOf(parsed, file);
            parsed.set(index, RunbookParser.parse(parsed.get(index).path(), text.getBytes(StandardCharsets.UTF_8)));
            SiteResult r = generator.build(incremental.withRunbooks(parsed));
            System.out.printf(Locale.ROOT, "incremental, one body edited (re-parse + build): %d ms total, build %d ms, %d files written %s%n",
                    ms(ti), r.elapsed().toMillis(), r.written().size(), r.written());
        }
        for (int round = 0; round < 2; round++) {
            Path file = src.resolve(SyntheticRunbooks.service(Math.min(77, n - 1)) + ".md");
            long ti = System.nanoTime();
            String text = Files.readString(file).replaceFirst("team: team-[\\w-]+", "team: team-moved-" + round);
            Files.writeString(file, text);
            int index = indexOf(parsed, file);
            parsed.set(index, RunbookParser.parse(parsed.get(index).path(), text.getBytes(StandardCharsets.UTF_8)));
            SiteResult r = generator.build(incremental.withRunbooks(parsed));
            System.out.printf(Locale.ROOT, "incremental, one owner changed (aggregates too): %d ms total, build %d ms, %d files written %s%n",
                    ms(ti), r.elapsed().toMillis(), r.written().size(), r.written());
        }

        long shardRaw = 0;
        long shardGz = 0;
        try (Stream<Path> s = Files.list(out.resolve("search"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("shard-")).toList()) {
                byte[] b = Files.readAllBytes(p);
                shardRaw += b.length;
                shardGz += gzip(b);
            }
        }
        long textRaw = 0;
        long textGz = 0;
        try (Stream<Path> s = Files.list(out.resolve("search/text"))) {
            for (Path p : s.toList()) {
                byte[] b = Files.readAllBytes(p);
                textRaw += b.length;
                textGz += gzip(b);
            }
        }
        System.out.printf(Locale.ROOT, "search index (all shards, loaded by search.html): %.2f MB raw, %.2f MB gzipped%n",
                shardRaw / 1e6, shardGz / 1e6);
        System.out.printf(Locale.ROOT, "snippet texts (loaded per result, %d files): %.2f MB raw, %.2f MB gzipped%n",
                n, textRaw / 1e6, textGz / 1e6);
        System.out.printf(Locale.ROOT, "graph.html: %.2f MB; site total: %.1f MB%n", Files.size(out.resolve("graph.html")) / 1e6, size(out) / 1e6);
        System.out.println("site: " + out.resolve("index.html"));
    }

    private static int indexOf(List<ParsedRunbook> parsed, Path file) {
        for (int i = 0; i < parsed.size(); i++) {
            if (Path.of(parsed.get(i).path()).toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
                return i;
            }
        }
        throw new IllegalStateException("not loaded: " + file);
    }

    private static void report(String what, SiteResult r, int n) {
        System.out.printf(Locale.ROOT, "%s: %d ms, %.3f ms per runbook page, %d files written (%.3f ms per file), %d unchanged%n",
                what, r.elapsed().toMillis(), r.elapsed().toNanos() / 1e6 / n, r.written().size(),
                r.elapsed().toNanos() / 1e6 / Math.max(1, r.written().size()), r.unchanged());
    }

    private static long ms(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(bytes)) {
            z.write(b);
        }
        return bytes.size();
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
