package dev.opsbook.site.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/**
 * The search data of the site as JavaScript files (so it loads from {@code file://}, where fetch() is
 * not allowed): documents are split into shards of about {@value #SHARD_SIZE} by a hash of the page
 * name, so changing one runbook re-indexes one shard. Each shard script pushes {@code {docs, index}}
 * onto {@code window.OPSBOOK_SHARDS}; the index is prebuilt here and loaded into lunr by the page.
 */
public final class SearchIndex {
    public static final int SHARD_SIZE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchIndex() {}

    public static int shardCount(int documents) {
        return Math.max(1, (documents + SHARD_SIZE - 1) / SHARD_SIZE);
    }

    public static int shardOf(String page, int shards) {
        return Math.floorMod(page.hashCode() * 0x9E3779B9, shards);
    }

    /** Renders the shard script: its document table and its prebuilt compact index ({@link ShardIndexer}). */
    public static String shardScript(List<SearchDocument> docs, List<ShardIndexer.Terms> terms) {
        ArrayNode table = JSON.createArrayNode();
        docs.forEach(d -> table.addArray().add(d.title()).add(d.service()).add(d.page()));
        return "(window.OPSBOOK_SHARDS=window.OPSBOOK_SHARDS||[]).push({\"docs\":" + table + ",\"index\":"
                + ShardIndexer.index(terms) + "});\n";
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
}
