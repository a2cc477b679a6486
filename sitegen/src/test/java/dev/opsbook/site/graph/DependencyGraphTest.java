package dev.opsbook.site.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {
    private static final Pattern RECT = Pattern.compile("<rect x=\"([0-9.]+)\" y=\"([0-9.]+)\" width=\"(\\d+)\"");

    @Test
    void foundationsGoLeftOfTheirDependents() {
        LayeredLayout layout = new LayeredLayout(3, new int[][] {{0, 1}, {1, 2}});
        assertThat(layout.layer).containsExactly(2, 1, 0);
        assertThat(layout.backEdge).containsOnly(false);
    }

    @Test
    void aCycleIsDrawnWithOneDashedEdgeAndStillLayered() {
        LayeredLayout layout = new LayeredLayout(3, new int[][] {{0, 1}, {1, 2}, {2, 0}});
        assertThat(layout.backEdge).containsExactly(false, false, true);
        String svg = DependencyGraph.svg(List.of(new GraphNode("a", "a.html", "ready"), new GraphNode("b", "", "ready"),
                new GraphNode("c", "", "ready")), Map.of("a", List.of("b"), "b", List.of("c"), "c", List.of("a")), "");
        assertThat(svg).contains("edge cycle").contains("<a href=\"a.html\">");
    }

    @Test
    void aLargeRandomGraphHasNoOverlappingNodes() {
        long seed = 20261125L;
        Random random = new Random(seed);
        List<GraphNode> nodes = new ArrayList<>();
        Map<String, List<String>> deps = new LinkedHashMap<>();
        for (int i = 0; i < 150; i++) {
            nodes.add(new GraphNode("service-" + i, "runbooks/s" + i + ".html", "ready"));
            List<String> d = new ArrayList<>();
            for (int k = 0; k < 3 && i > 0; k++) {
                d.add("service-" + random.nextInt(i));
            }
            deps.put("service-" + i, d.stream().distinct().toList());
        }
        String svg = DependencyGraph.svg(nodes, deps, "");
        Matcher m = RECT.matcher(svg);
        List<double[]> boxes = new ArrayList<>();
        while (m.find()) {
            boxes.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
        }
        assertThat(boxes).as("seed " + seed).hasSize(150);
        Set<String> seen = new HashSet<>();
        for (double[] a : boxes) {
            assertThat(seen.add(a[0] + "," + a[1])).as("two nodes at " + a[0] + "," + a[1] + " (seed " + seed + ")").isTrue();
            for (double[] b : boxes) {
                if (a != b && a[0] == b[0]) {
                    assertThat(Math.abs(a[1] - b[1])).as("nodes in one column overlap").isGreaterThanOrEqualTo(24);
                }
            }
        }
    }
}
