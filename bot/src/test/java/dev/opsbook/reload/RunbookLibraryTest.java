package dev.opsbook.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.runbook.Runbook;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookLibraryTest {
    @TempDir
    Path dir;

    static String runbook(String title) {
        return """
                ---
                id: lib-demo
                title: %s
                service: lib
                owners:
                  team: sre
                  people:
                    - id: alice
                rto: 1h
                rpo: 1d
                ---

                ## Check

                ```bash {#look kind=check timeout=1m}
                echo fine
                ```
                """.formatted(title);
    }

    @Test
    void reportsChangedFilesAndKeepsTheLastGoodVersionOfABrokenOne() throws Exception {
        Path file = dir.resolve("lib-demo.md");
        Files.writeString(file, runbook("First"));
        RunbookLibrary library = new RunbookLibrary(dir);
        assertThat(library.reload().changed()).hasSize(1);
        assertThat(library.reload().changed()).isEmpty();

        Files.writeString(file, runbook("Second"));
        RunbookLibrary.Reload second = library.reload();
        assertThat(second.changed()).singleElement().asString().endsWith("lib-demo.md");
        assertThat(library.runbooks()).extracting(Runbook::title).containsExactly("Second");

        Files.writeString(file, runbook("[broken"));
        RunbookLibrary.Reload broken = library.reload();
        assertThat(broken.broken()).hasSize(1);
        assertThat(library.runbooks()).extracting(Runbook::title).containsExactly("Second");
        assertThat(library.parsed()).singleElement().satisfies(p -> assertThat(p.hasErrors()).isTrue());
        assertThat(library.errors()).singleElement().asString().contains("lib-demo.md").contains("error");

        Files.delete(file);
        assertThat(library.reload().changed()).hasSize(1);
        assertThat(library.runbooks()).isEmpty();
    }
}
