package dev.opsbook.catalog;

import dev.opsbook.runbook.Durations;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Which artifacts of one series (one service) to keep. An artifact is kept when any rule keeps it:
 * it is among the newest {@code keepLast}; it is younger than {@code maxAge}; it is the newest of its
 * UTC day within the last {@code daily} days, of its ISO week within the last {@code weekly} weeks,
 * or of its month within the last {@code monthly} months. Locked artifacts are never pruned.
 *
 * <p>Text form ({@link #parse}): a duration such as {@code 30d} (= {@code max-age=30d keep-last=1}),
 * or space/comma separated rules {@code keep-last=N daily=D weekly=W monthly=M max-age=DURATION}
 * ({@code 7 daily} is read as {@code daily=7}, so "7 daily, 4 weekly" works too).
 */
public record RetentionPolicy(int keepLast, int daily, int weekly, int monthly, Optional<Duration> maxAge) {

    public RetentionPolicy {
        if (keepLast < 0 || daily < 0 || weekly < 0 || monthly < 0) {
            throw new IllegalArgumentException("retention counts cannot be negative");
        }
        if (keepLast + daily + weekly + monthly == 0 && maxAge.isEmpty()) {
            throw new IllegalArgumentException("a retention policy needs at least one rule (it would delete every backup)");
        }
    }

    /** @throws IllegalArgumentException saying which part of {@code text} is wrong and what is accepted */
    public static RetentionPolicy parse(String text) {
        String t = text.strip();
        Optional<Duration> plain = Durations.parse(t);
        if (plain.isPresent()) {
            return new RetentionPolicy(1, 0, 0, 0, plain);
        }
        // the runbook format's prose form: "7 daily, 4 weekly, 6 monthly"
        t = t.replaceAll("(?<![^\\s,])(\\d+)\\s+(daily|weekly|monthly)(?![^\\s,])", "$2=$1");
        int last = 0, daily = 0, weekly = 0, monthly = 0;
        Optional<Duration> age = Optional.empty();
        for (String part : t.split("[\\s,]+")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException(usage(text, part));
            }
            if (kv[0].equals("max-age")) {
                age = Optional.of(Durations.parse(kv[1]).orElseThrow(() -> new IllegalArgumentException(usage(text, part))));
                continue;
            }
            int n;
            try {
                n = Integer.parseInt(kv[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(usage(text, part));
            }
            switch (kv[0]) {
                case "keep-last" -> last = n;
                case "daily" -> daily = n;
                case "weekly" -> weekly = n;
                case "monthly" -> monthly = n;
                default -> throw new IllegalArgumentException(usage(text, part));
            }
        }
        return new RetentionPolicy(last, daily, weekly, monthly, age);
    }

    private static String usage(String text, String part) {
        return "retention \"" + text + "\": cannot read \"" + part + "\"; use a duration like 30d, or rules like "
                + "keep-last=3 daily=7 weekly=4 monthly=6 max-age=90d";
    }

    /** The artifacts to prune at {@code now}, oldest first; never a locked one. */
    public List<BackupArtifact> prunable(List<BackupArtifact> artifacts, Instant now) {
        List<BackupArtifact> newest = new ArrayList<>(artifacts);
        newest.sort(Comparator.comparing(BackupArtifact::created).reversed().thenComparing(BackupArtifact::id));
        Set<String> keep = new HashSet<>();
        newest.stream().limit(keepLast).forEach(a -> keep.add(a.id()));
        maxAge.ifPresent(age -> newest.stream().filter(a -> a.created().isAfter(now.minus(age))).forEach(a -> keep.add(a.id())));
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        keepNewestPerBucket(newest, keep, daily, Tier.DAY, today);
        keepNewestPerBucket(newest, keep, weekly, Tier.WEEK, today);
        keepNewestPerBucket(newest, keep, monthly, Tier.MONTH, today);
        List<BackupArtifact> out = new ArrayList<>();
        for (int i = newest.size() - 1; i >= 0; i--) {
            BackupArtifact a = newest.get(i);
            if (!keep.contains(a.id()) && !a.locked()) {
                out.add(a);
            }
        }
        return out;
    }

    /** Calendar buckets (UTC): a day, an ISO week (starting Monday), a month. */
    private enum Tier {
        DAY(d -> d, ChronoUnit.DAYS),
        WEEK(d -> d.with(DayOfWeek.MONDAY), ChronoUnit.WEEKS),
        MONTH(d -> d.withDayOfMonth(1), ChronoUnit.MONTHS);

        final UnaryOperator<LocalDate> start;
        final ChronoUnit unit;

        Tier(UnaryOperator<LocalDate> start, ChronoUnit unit) {
            this.start = start;
            this.unit = unit;
        }
    }

    /** Keeps the newest artifact of each of the {@code count} buckets ending with today's. */
    private static void keepNewestPerBucket(List<BackupArtifact> newestFirst, Set<String> keep, int count, Tier tier,
                                            LocalDate today) {
        LocalDate current = tier.start.apply(today);
        Set<LocalDate> seen = new HashSet<>();
        for (BackupArtifact a : newestFirst) {
            LocalDate b = tier.start.apply(LocalDate.ofInstant(a.created(), ZoneOffset.UTC));
            long back = tier.unit.between(b, current);
            if (back >= 0 && back < count && seen.add(b)) {
                keep.add(a.id());
            }
        }
    }

    /** The policy that keeps everything either of {@code a} and {@code b} keeps (each rule at its larger value). */
    public static RetentionPolicy longest(RetentionPolicy a, RetentionPolicy b) {
        Optional<Duration> age = a.maxAge.isEmpty() || b.maxAge.isEmpty() ? a.maxAge.or(() -> b.maxAge)
                : Optional.of(a.maxAge.get().compareTo(b.maxAge.get()) >= 0 ? a.maxAge.get() : b.maxAge.get());
        return new RetentionPolicy(Math.max(a.keepLast, b.keepLast), Math.max(a.daily, b.daily), Math.max(a.weekly, b.weekly),
                Math.max(a.monthly, b.monthly), age);
    }

    /** A short description for audit details and the command line. */
    public String describe() {
        StringBuilder sb = new StringBuilder("keep-last=" + keepLast);
        if (daily > 0) sb.append(" daily=").append(daily);
        if (weekly > 0) sb.append(" weekly=").append(weekly);
        if (monthly > 0) sb.append(" monthly=").append(monthly);
        maxAge.ifPresent(d -> sb.append(" max-age=").append(Durations.format(d)));
        return sb.toString();
    }
}
