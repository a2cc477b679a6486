package dev.opsbook.site.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws service dependencies as inline SVG at build time: one column per layer (foundations left),
 * clickable nodes coloured by readiness, curved edges pointing at the dependency, cycle edges dashed.
 */
public final class DependencyGraph {
    private static final int ROW = 34;
    private static final int NODE_H = 24;
    private static final int GAP = 90;
    private static final int MARGIN = 16;

    private DependencyGraph() {}

    /** {@code dependsOn} maps a service to the services it depends on; unknown targets become plain nodes. */
    public static String svg(List<GraphNode> services, Map<String, List<String>> dependsOn, String root) {
        Map<String, Integer> index = new LinkedHashMap<>();
        List<GraphNode> nodes = new ArrayList<>();
        for (GraphNode g : services) {
            if (index.putIfAbsent(g.name(), nodes.size()) == null) {
                nodes.add(g);
            }
        }
        List<int[]> edges = new ArrayList<>();
        dependsOn.forEach((from, tos) -> tos.forEach(to -> {
            if (!index.containsKey(to)) {
                index.put(to, nodes.size());
                nodes.add(new GraphNode(to, "", "external"));
            }
            Integer f = index.get(from);
            if (f != null && !f.equals(index.get(to))) {
                edges.add(new int[] {f, index.get(to)});
            }
        }));
        int[][] e = edges.toArray(new int[0][]);
        LayeredLayout layout = new LayeredLayout(nodes.size(), e);
        int[] width = new int[nodes.size()];
        int[] colWidth = new int[Math.max(1, layout.layers)];
        int[] colCount = new int[Math.max(1, layout.layers)];
        for (int i = 0; i < nodes.size(); i++) {
            width[i] = 24 + (int) Math.ceil(nodes.get(i).name().length() * 7.4);
            colWidth[layout.layer[i]] = Math.max(colWidth[layout.layer[i]], width[i]);
            colCount[layout.layer[i]]++;
        }
        int[] colX = new int[colWidth.length];
        for (int l = 1; l < colWidth.length; l++) {
            colX[l] = colX[l - 1] + colWidth[l - 1] + GAP;
        }
        int tallest = Arrays.stream(colCount).max().orElse(0);
        int totalW = nodes.isEmpty() ? 200 : colX[colX.length - 1] + colWidth[colWidth.length - 1] + 2 * MARGIN;
        int totalH = Math.max(1, tallest) * ROW + 2 * MARGIN;
        double[] x = new double[nodes.size()];
        double[] y = new double[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            int l = layout.layer[i];
            x[i] = MARGIN + colX[l];
            y[i] = MARGIN + layout.order[i] * ROW + (tallest - colCount[l]) * ROW / 2.0;
        }
        StringBuilder svg = new StringBuilder(256 + nodes.size() * 320 + e.length * 160);
        svg.append(String.format(Locale.ROOT, "<svg class=\"depgraph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"graph-title\"><title id=\"graph-title\">Service dependencies: "
                + "%d services, %d dependencies</title>", totalW, totalH, totalW, totalH, nodes.size(), e.length));
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
                + "orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs><g class=\"edges\">");
        for (int k = 0; k < e.length; k++) {
            int from = e[k][0];
            int to = e[k][1];
            double x1 = x[from];
            double y1 = y[from] + NODE_H / 2.0;
            double x2 = x[to] + width[to];
            double y2 = y[to] + NODE_H / 2.0;
            double bend = Math.max(30, Math.abs(x1 - x2) / 2);
            svg.append(String.format(Locale.ROOT, "<path class=\"edge%s\" data-from=\"%d\" data-to=\"%d\" "
                            + "d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\" marker-end=\"url(#arrow)\"/>",
                    layout.backEdge[k] ? " cycle" : "", from, to, x1, y1, x1 - bend, y1, x2 + bend, y2, x2, y2));
        }
        svg.append("</g><g class=\"nodes\">");
        for (int i = 0; i < nodes.size(); i++) {
            GraphNode n = nodes.get(i);
            String name = escape(n.name());
            String box = String.format(Locale.ROOT, "<g class=\"node %s\" data-node=\"%d\" data-name=\"%s\"><rect x=\"%.1f\" y=\"%.1f\" "
                            + "width=\"%d\" height=\"%d\" rx=\"6\"/><text x=\"%.1f\" y=\"%.1f\">%s</text></g>",
                    escape(n.status()), i, name, x[i], y[i], width[i], NODE_H, x[i] + 12, y[i] + NODE_H / 2.0 + 4.5, name);
            if (n.href().isEmpty()) {
                svg.append(box);
            } else {
                svg.append("<a href=\"").append(escape(root + n.href())).append("\">").append(box).append("</a>");
            }
        }
        return svg.append("</g></svg>").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
