package dev.opsbook.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.runbook.ParsedRunbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server serves runbooks only: docs-only pages and Runme documents run from the command line alone. */
class RunbookDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void documentsWithoutOpsbookPolicyAreNotServed() throws Exception {
        Files.writeString(dir.resolve("orders.md"), "---\nid: orders\ntitle: Orders\nservice: orders\nowners: [alice]\n---\n"
                + "# Backup\n\n```bash {#dump kind=backup}\necho dump\n```\n");
        Files.writeString(dir.resolve("README.md"), "# Runbooks\n\n```sh\n$ rm -rf /tmp/scratch\n```\n");
        Files.writeString(dir.resolve("toolbox.md"), "# Toolbox\n\n```sh {\"name\":\"wipe\"}\necho wipe\n```\n");
        Files.write(dir.resolve("binary.md"), new byte[] {0, 1, 2});

        List<ParsedRunbook> served = RunbookDirectory.read(dir);

        assertThat(served).extracting(p -> Path.of(p.path()).getFileName().toString()).containsExactly("binary.md", "orders.md");
        assertThat(served.getFirst().runbook()).isEmpty();
    }

    @Test
    void theLiveSiteShowsDocumentsButTheLibraryRunsOnlyRunbooks() throws Exception {
        Files.writeString(dir.resolve("orders.md"), "---\nid: orders\ntitle: Orders\nservice: orders\nowners: [alice]\n---\n# O\n");
        Files.writeString(dir.resolve("README.md"), "# Runbooks\n\n```sh\necho hi\n```\n");
        RunbookLibrary library = new RunbookLibrary(dir);
        library.reload();
        assertThat(library.parsed()).hasSize(2);
        assertThat(library.runbooks()).extracting(dev.opsbook.runbook.Runbook::id).containsExactly("orders");

        Files.writeString(dir.resolve("README.md"), "# Runbooks\n\n```sh\necho never closed\n");
        library.reload();
        assertThat(library.runbooks()).as("a broken document is not served as its last good runbook")
                .extracting(dev.opsbook.runbook.Runbook::id).containsExactly("orders");
        assertThat(library.errors()).isEmpty();
    }
}
