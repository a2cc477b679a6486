package dev.opsbook.site.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.testing.RunbookFixtures;
import org.junit.jupiter.api.Test;

class SearchTextTest {
    @Test
    void splitsByHeadingAndKeepsIdentifiersAndCode() {
        var rb = RunbookFixtures.runbook("pg").body("""
                Intro with a [link](https://example.com) and _emphasis_.

                ## Back up
                Run `pg_dump` **now**.

                ```bash {#dump kind=backup}
                pg_dump --format=custom orders_db
                ```
                """).build();
        var parts = SearchText.parts(rb);
        assertThat(parts).extracting(SearchText.Part::title).containsExactly("", "Back up");
        assertThat(parts.get(0).text()).isEqualTo("Intro with a link and emphasis .");
        assertThat(parts.get(1).slug()).isEqualTo("back-up");
        assertThat(parts.get(1).text()).contains("pg_dump now", "pg_dump --format=custom orders_db").doesNotContain("kind=backup");
    }
}
