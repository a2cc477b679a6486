package dev.opsbook.site.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A Sugiyama-style layout: edges that close a cycle are set aside (found by depth-first search),
 * nodes are layered by longest path (a service sits one column right of its deepest dependency, so
 * foundations are on the left), then ordered within columns by barycenter sweeps to cut crossings.
 * Works on node indexes; O((V + E) · sweeps).
 */
final class LayeredLayout {
    private static final int SWEEPS = 6;

    final int[] layer;
    final int[] order;
    final boolean[] backEdge;
    final int layers;

    LayeredLayout(int n, int[][] edges) {
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        for (int e = 0; e < edges.length; e++) {
            out.get(edges[e][0]).add(e);
        }
        backEdge = findBackEdges(n, edges, out);
        layer = longestPath(n, edges, out);
        layers = Arrays.stream(layer).max().orElse(-1) + 1;
        order = orderWithinLayers(n, edges);
    }

    private boolean[] findBackEdges(int n, int[][] edges, List<List<Integer>> out) {
        boolean[] back = new boolean[edges.length];
        int[] state = new int[n]; // 0 new, 1 on stack, 2 done
        int[] next = new int[n];
        for (int root = 0; root < n; root++) {
            if (state[root] != 0) {
                continue;
            }
            Deque<Integer> stack = new ArrayDeque<>();
            stack.push(root);
            state[root] = 1;
            while (!stack.isEmpty()) {
                int v = stack.peek();
                if (next[v] < out.get(v).size()) {
                    int e = out.get(v).get(next[v]++);
                    int w = edges[e][1];
                    if (state[w] == 1) {
                        back[e] = true;
                    } else if (state[w] == 0) {
                        state[w] = 1;
                        stack.push(w);
                    }
                } else {
                    state[v] = 2;
                    stack.pop();
                }
            }
        }
        return back;
    }

    /** Layer 0 for nodes without (forward) dependencies; otherwise 1 + the deepest dependency. */
    private int[] longestPath(int n, int[][] edges, List<List<Integer>> out) {
        int[] pending = new int[n];
        List<List<Integer>> in = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            in.add(new ArrayList<>());
        }
        for (int e = 0; e < edges.length; e++) {
            if (!backEdge[e]) {
                pending[edges[e][0]]++;
                in.get(edges[e][1]).add(e);
            }
        }
        int[] result = new int[n];
        Deque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        while (!ready.isEmpty()) {
            int v = ready.poll();
            for (int e : in.get(v)) {
                int u = edges[e][0];
                result[u] = Math.max(result[u], result[v] + 1);
                if (--pending[u] == 0) {
                    ready.add(u);
                }
            }
        }
        return result;
    }

    private int[] orderWithinLayers(int n, int[][] edges) {
        List<List<Integer>> neighbours = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            neighbours.add(new ArrayList<>());
        }
        for (int[] e : edges) {
            neighbours.get(e[0]).add(e[1]);
            neighbours.get(e[1]).add(e[0]);
        }
        List<List<Integer>> columns = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            columns.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            columns.get(layer[i]).add(i);
        }
        double[] pos = new double[n];
        for (List<Integer> col : columns) {
            for (int k = 0; k < col.size(); k++) {
                pos[col.get(k)] = (double) k / Math.max(1, col.size() - 1);
            }
        }
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            boolean rightward = sweep % 2 == 0;
            for (int step = 1; step < layers; step++) {
                int l = rightward ? step : layers - 1 - step;
                int from = rightward ? l - 1 : l + 1;
                List<Integer> col = columns.get(l);
                double[] bary = new double[n];
                for (int v : col) {
                    double sum = 0;
                    int count = 0;
                    for (int w : neighbours.get(v)) {
                        if (rightward ? layer[w] <= from : layer[w] >= from) {
                            sum += pos[w];
                            count++;
                        }
                    }
                    bary[v] = count == 0 ? pos[v] : sum / count;
                }
                col.sort(Comparator.comparingDouble((Integer v) -> bary[v]));
                for (int k = 0; k < col.size(); k++) {
                    pos[col.get(k)] = (double) k / Math.max(1, col.size() - 1);
                }
            }
        }
        int[] result = new int[n];
        for (List<Integer> col : columns) {
            for (int k = 0; k < col.size(); k++) {
                result[col.get(k)] = k;
            }
        }
        return result;
    }
}
