package dev.opsbook.site.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The search data of the site as JavaScript files (so it loads from {@code file://}, where fetch() is
 * not allowed): documents are split into shards of about {@value #SHARD_SIZE} by a hash of the page
 * name, so changing one runbook re-indexes one shard. Each shard script pushes {@code {docs, index, src}}
 * onto {@code window.OPSBOOK_SHARDS}: {@code index} is a prebuilt lunr index, or null with {@code src}
 * holding the fields for the browser to index.
 */
public final class SearchIndex {
    public static final int SHARD_SIZE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchIndex() {}

    public static int shardCount(int documents) {
        return Math.max(1, (documents + SHARD_SIZE - 1) / SHARD_SIZE);
    }

    public static int shardOf(String page, int shards) {
        return Math.floorMod(page.hashCode() * 0x9E3779B9, shards);
    }

    /** Renders the given shards' scripts; with {@code node} present the lunr indexes are prebuilt in one process. */
    public static Map<Integer, String> shardScripts(Map<Integer, List<SearchDocument>> shards, Optional<NodeLunr> node) {
        List<Integer> keys = new ArrayList<>(shards.keySet());
        List<JsonNode> indexes = new ArrayList<>();
        if (node.isPresent() && !keys.isEmpty()) {
            ArrayNode input = JSON.createArrayNode();
            keys.forEach(k -> input.add(fields(shards.get(k))));
            try {
                JSON.readTree(node.get().build(input.toString())).forEach(indexes::add);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("node returned an unreadable search index: " + e.getOriginalMessage(), e);
            }
        }
        Map<Integer, String> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            List<SearchDocument> docs = shards.get(keys.get(i));
            ObjectNode shard = JSON.createObjectNode();
            ArrayNode table = shard.putArray("docs");
            docs.forEach(d -> table.addArray().add(d.title()).add(d.href()).add(d.service()).add(d.page()));
            if (indexes.isEmpty()) {
                shard.putNull("index");
                shard.set("src", fields(docs));
            } else {
                shard.set("index", indexes.get(i));
            }
            out.put(keys.get(i), "(window.OPSBOOK_SHARDS=window.OPSBOOK_SHARDS||[]).push(" + shard + ");\n");
        }
        return out;
    }

    /** The per-page text used for snippets, loaded on demand by the search page. */
    public static String textScript(SearchDocument d) {
        ArrayNode parts = JSON.createArrayNode();
        d.parts().forEach(p -> parts.addArray().add(p.title()).add(p.slug()).add(p.text()));
        try {
            return "(window.OPSBOOK_TEXT=window.OPSBOOK_TEXT||{})[" + JSON.writeValueAsString(d.page()) + "]=" + parts + ";\n";
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static ArrayNode fields(List<SearchDocument> docs) {
        ArrayNode array = JSON.createArrayNode();
        for (int r = 0; r < docs.size(); r++) {
            SearchDocument d = docs.get(r);
            ObjectNode o = array.addObject();
            o.put("r", String.valueOf(r));
            o.put("t", d.title());
            o.put("s", d.service());
            o.put("o", d.owners());
            o.put("i", d.steps());
            o.put("h", d.headings());
            o.put("b", d.body());
        }
        return array;
    }
}
