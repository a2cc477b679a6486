package dev.opsbook.site.search;

/** Version of the shard script format; part of each shard's input hash so a format change rebuilds shards. */
public final class ShardFormat {
    public static final String VERSION = "compact-3";

    private ShardFormat() {}
}
