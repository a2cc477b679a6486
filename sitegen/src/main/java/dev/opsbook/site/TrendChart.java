package dev.opsbook.site;

import dev.opsbook.runbook.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A small inline SVG line chart of durations (time to restore, or run duration) with the RTO as a dashed line. */
final class TrendChart {
    private static final int W = 320;
    private static final int H = 90;
    private static final int PAD = 8;

    private TrendChart() {}

    /** {@code points} oldest first; empty when there is nothing to plot. */
    static String svg(String label, List<Duration> points, Optional<Duration> limit) {
        if (points.isEmpty()) {
            return "";
        }
        double max = points.stream().mapToDouble(Duration::toMillis).max().orElse(1);
        if (limit.isPresent()) {
            max = Math.max(max, limit.get().toMillis() * 1.15);
        }
        max = Math.max(max, 1);
        StringBuilder svg = new StringBuilder(1024);
        svg.append("<svg class=\"trend\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(label)).append("\"><title>")
                .append(Html.escape(label)).append("</title>");
        if (limit.isPresent()) {
            double y = y(limit.get().toMillis(), max);
            svg.append(String.format(Locale.ROOT, "<line class=\"limit\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", PAD, W - PAD, y, y));
            svg.append(String.format(Locale.ROOT, "<text class=\"limit-label\" x=\"%d\" y=\"%.1f\">RTO %s</text>",
                    W - PAD, y - 3, Durations.format(limit.get())));
        }
        StringBuilder line = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            double x = points.size() == 1 ? W / 2.0 : PAD + i * (W - 2.0 * PAD) / (points.size() - 1);
            double y = y(points.get(i).toMillis(), max);
            line.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
            dots.append(String.format(Locale.ROOT, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"><title>%s</title></circle>",
                    limit.isPresent() && points.get(i).compareTo(limit.get()) > 0 ? "over" : "ok", x, y,
                    Durations.format(points.get(i))));
        }
        svg.append("<polyline points=\"").append(line).append("\"/>").append(dots).append("</svg>");
        return svg.toString();
    }

    private static double y(double value, double max) {
        return H - PAD - (value / max) * (H - 2.0 * PAD);
    }
}
