package dev.opsbook.site.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardIndexerTest {
    private static SearchDocument doc(String title, String body) {
        return new SearchDocument(title, "runbooks/" + title + ".html", title, "svc", "", "", "", body, List.of());
    }

    @Test
    void tokensMatchLunrsQueryPipelineButKeepHyphenatedIds() {
        assertThat(Tokens.of("The orders-db, (restore) of pg_dump!", false)).containsExactly("orders-db", "restore", "pg_dump");
        assertThat(Tokens.of("promote-replica", true)).containsExactly("promote-replica", "promote", "replica");
    }

    @Test
    void frontCodesSortedTerms() {
        assertThat(ShardIndexer.frontCoded("", "restore")).isEqualTo("0restore");
        assertThat(ShardIndexer.frontCoded("restore", "restored")).isEqualTo("7d");
        assertThat(ShardIndexer.frontCoded("restored", "rollback")).isEqualTo("1ollback");
    }

    @Test
    void encodesSortedTermsWithDeltaDocsAndFrequencies() throws Exception {
        JsonNode index = new ObjectMapper().readTree(ShardIndexer.indexDocuments(List.of(doc("a", "restore restore dump"), doc("b", "dump"), doc("c", "dump vault"))));
        List<String> terms = new ArrayList<>();
        String previous = "";
        for (JsonNode coded : index.get("terms")) {
            String t = coded.asText();
            previous = previous.substring(0, t.charAt(0) - '0') + t.substring(1);
            terms.add(previous);
        }
        assertThat(terms).isSorted().contains("dump", "restore", "vault");
        int body = 5;
        assertThat(index.get("postings").get(terms.indexOf("dump")).asText()).isEqualTo(body + ":0,1,1");
        assertThat(index.get("postings").get(terms.indexOf("restore")).asText()).isEqualTo(body + ":0.2");
        assertThat(index.get("postings").get(terms.indexOf("vault")).asText()).isEqualTo(body + ":2");
        assertThat(index.get("lengths").get(body).asText()).isEqualTo("3,1,2");
    }
}
