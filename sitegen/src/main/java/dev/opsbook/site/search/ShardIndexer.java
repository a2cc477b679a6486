package dev.opsbook.site.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Prebuilds a shard's inverted index in a compact form that assets/search.js turns into a
 * {@code lunr.Index} (BM25 vectors computed there with lunr's own constants): the sorted terms
 * (front-coded, see {@link #frontCoded}) and, per
 * term, {@code field:doc,doc.tf,...;field:...} with doc numbers as base-36 deltas and term frequencies
 * only when above one; plus each document's field lengths. About a fifth of lunr's own JSON when gzipped.
 */
public final class ShardIndexer {
    /** Field name, boost, and whether hyphenated terms also index their pieces. */
    record Field(String name, int boost, boolean parts, Function<SearchDocument, String> text) {}

    static final List<Field> FIELDS = List.of(
            new Field("t", 10, true, SearchDocument::title),
            new Field("s", 8, true, SearchDocument::service),
            new Field("i", 5, true, SearchDocument::steps),
            new Field("o", 4, false, SearchDocument::owners),
            new Field("h", 3, true, SearchDocument::headings),
            new Field("b", 1, false, SearchDocument::body));

    private ShardIndexer() {}

    /** A document's terms: per field, its length and each term's frequency. Computed once per document. */
    public record Terms(int[] lengths, List<Map<String, Integer>> frequencies) {}

    public static Terms terms(SearchDocument doc) {
        int[] lengths = new int[FIELDS.size()];
        List<Map<String, Integer>> tfs = new ArrayList<>(FIELDS.size());
        for (int f = 0; f < FIELDS.size(); f++) {
            Field field = FIELDS.get(f);
            List<String> terms = Tokens.of(field.text().apply(doc), field.parts());
            lengths[f] = terms.size();
            Map<String, Integer> tf = new HashMap<>();
            terms.forEach(t -> tf.merge(t, 1, Integer::sum));
            tfs.add(tf);
        }
        return new Terms(lengths, tfs);
    }

    static String indexDocuments(List<SearchDocument> docs) {
        return index(docs.stream().map(ShardIndexer::terms).toList());
    }

    /** The shard's index as JSON text: {@code {"fields","boosts","lengths","terms","postings"}}. */
    static String index(List<Terms> docs) {
        Map<String, List<int[]>> postings = new HashMap<>();
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("{\"fields\":[");
        for (int f = 0; f < FIELDS.size(); f++) {
            out.append(f == 0 ? "" : ",").append('"').append(FIELDS.get(f).name()).append('"');
        }
        out.append("],\"boosts\":[");
        for (int f = 0; f < FIELDS.size(); f++) {
            out.append(f == 0 ? "" : ",").append(FIELDS.get(f).boost());
        }
        out.append("],\"lengths\":[");
        for (int f = 0; f < FIELDS.size(); f++) {
            out.append(f == 0 ? "\"" : ",\"");
            for (int d = 0; d < docs.size(); d++) {
                out.append(d == 0 ? "" : ",").append(Integer.toString(docs.get(d).lengths()[f], 36));
                for (Map.Entry<String, Integer> e : docs.get(d).frequencies().get(f).entrySet()) {
                    postings.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new int[] {f, d, e.getValue()});
                }
            }
            out.append('"');
        }
        List<String> sorted = new ArrayList<>(postings.keySet());
        java.util.Collections.sort(sorted);
        out.append("],\"terms\":[");
        String previous = "";
        for (int i = 0; i < sorted.size(); i++) {
            out.append(i == 0 ? "\"" : ",\"");
            JSON_TEXT.quoteAsString(frontCoded(previous, sorted.get(i)), out);
            out.append('"');
            previous = sorted.get(i);
        }
        out.append("],\"postings\":[");
        for (int i = 0; i < sorted.size(); i++) {
            out.append(i == 0 ? "\"" : ",\"").append(encode(postings.get(sorted.get(i)))).append('"');
        }
        return out.append("]}").toString();
    }

    private static final com.fasterxml.jackson.core.io.JsonStringEncoder JSON_TEXT =
            com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance();

    /**
     * Sorted terms share prefixes with their predecessor: each is stored as one character for the shared
     * length ({@code '0' + n}, n ≤ 35) and the rest, e.g. {@code restore, restored} → {@code 0restore, 7d}.
     */
    static String frontCoded(String previous, String term) {
        int n = 0;
        int max = Math.min(35, Math.min(previous.length(), term.length()));
        while (n < max && previous.charAt(n) == term.charAt(n)) {
            n++;
        }
        return (char) ('0' + n) + term.substring(n);
    }

    /** Entries arrive grouped by field, docs ascending within a field. */
    private static String encode(List<int[]> entries) {
        StringBuilder s = new StringBuilder();
        int field = -1;
        int last = 0;
        for (int[] e : entries) {
            if (e[0] != field) {
                s.append(field < 0 ? "" : ";").append(e[0]).append(':');
                field = e[0];
                last = 0;
            } else {
                s.append(',');
            }
            s.append(Integer.toString(e[1] - last, 36));
            if (e[2] > 1) {
                s.append('.').append(Integer.toString(e[2], 36));
            }
            last = e[1];
        }
        return s.toString();
    }
}
