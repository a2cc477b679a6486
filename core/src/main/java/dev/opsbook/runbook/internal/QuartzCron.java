package dev.opsbook.runbook.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a Quartz cron expression: 6 or 7 fields (seconds minutes hours day-of-month month
 * day-of-week [year]), each made of numbers in range, names, and {@code , - * / ? L W #}, with
 * {@code ?} in exactly one of the day fields as Quartz requires.
 */
final class QuartzCron {
    private record Field(String name, int min, int max, List<String> names, String special) {}

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final List<Field> FIELDS = List.of(
            new Field("seconds", 0, 59, List.of(), ""),
            new Field("minutes", 0, 59, List.of(), ""),
            new Field("hours", 0, 23, List.of(), ""),
            new Field("day-of-month", 1, 31, List.of(), "?LW"),
            new Field("month", 1, 12, MONTHS, ""),
            new Field("day-of-week", 1, 7, DAYS, "?L#"),
            new Field("year", 1970, 2099, List.of(), ""));
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z]+|\\d+|.");

    private QuartzCron() {}

    /** Empty when valid, else what is wrong and how to fix it. */
    static Optional<String> problem(String cron) {
        String[] parts = cron.strip().split("\\s+");
        if (parts.length < 6 || parts.length > 7) {
            return Optional.of("has " + parts.length + " fields: Quartz cron needs 6 or 7 (seconds minutes hours "
                    + "day-of-month month day-of-week [year]), e.g. \"0 30 2 * * ?\" for 02:30 every day");
        }
        for (int i = 0; i < parts.length; i++) {
            Optional<String> p = field(parts[i], FIELDS.get(i));
            if (p.isPresent()) {
                return p;
            }
        }
        boolean domAny = parts[3].equals("?");
        boolean dowAny = parts[5].equals("?");
        if (domAny == dowAny) {
            return Optional.of("must have '?' in exactly one of day-of-month and day-of-week, e.g. \"0 0 2 * * ?\"");
        }
        return Optional.empty();
    }

    private static Optional<String> field(String text, Field f) {
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String token = m.group();
            if (Character.isDigit(token.charAt(0))) {
                long n = token.length() > 6 ? Long.MAX_VALUE : Long.parseLong(token);
                boolean step = m.start() > 0 && text.charAt(m.start() - 1) == '/';
                boolean nth = m.start() > 0 && text.charAt(m.start() - 1) == '#';
                if (!step && !nth && (n < f.min() || n > f.max())) {
                    return Optional.of("has " + f.name() + " value " + token + ": use " + f.min() + "-" + f.max());
                }
            } else if (Character.isLetter(token.charAt(0))) {
                String upper = token.toUpperCase(Locale.ROOT);
                boolean special = upper.length() <= 2 && upper.chars().allMatch(c -> f.special().indexOf(c) >= 0);
                if (!special && !f.names().contains(upper)) {
                    return Optional.of("has '" + token + "' in the " + f.name() + " field"
                            + (f.names().isEmpty() ? ": use numbers" : ": use numbers or " + String.join(",", f.names())));
                }
            } else if ("*,-/".indexOf(token.charAt(0)) < 0 && f.special().indexOf(token.charAt(0)) < 0) {
                return Optional.of("has '" + token + "' in the " + f.name() + " field: allowed are numbers, names and "
                        + "* , - /" + (f.special().isEmpty() ? "" : " " + String.join(" ", f.special().split(""))));
            }
        }
        return Optional.empty();
    }
}
