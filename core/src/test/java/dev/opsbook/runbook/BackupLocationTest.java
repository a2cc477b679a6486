package dev.opsbook.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a declared backup location becomes one run's directory. */
class BackupLocationTest {
    static final List<Parameter> PARAMETERS = RunbookParser.parse("x.md", """
            ---
            id: x
            title: X
            service: x
            owners: [alice]
            parameters:
              - name: backup_dir
                default: ""
              - name: token
                secret: true
            ---
            """.getBytes(StandardCharsets.UTF_8)).runbook().orElseThrow().parameters();
    static final Path HOME = Path.of("/srv/opsbook");

    static Path resolve(String template, Map<String, String> values) {
        return new BackupLocation(template, SourcePosition.START).resolve(PARAMETERS, values, HOME, HOME.resolve("sandbox/b"));
    }

    @Test
    void parametersByNameOrVariableNameTheHomeAndAFallbackForAnEmptyParameter() {
        assertThat(resolve("${backup_dir}", Map.of("backup_dir", "/var/backups/x"))).isEqualTo(Path.of("/var/backups/x"));
        assertThat(resolve("${BACKUP_DIR}/daily", Map.of("backup_dir", "/b"))).isEqualTo(Path.of("/b/daily"));
        assertThat(resolve("${OPSBOOK_HOME}/backups/x", Map.of())).isEqualTo(Path.of("/srv/opsbook/backups/x"));
        assertThat(resolve("${backup_dir:-${OPSBOOK_HOME}/backups/x}", Map.of("backup_dir", ""))).isEqualTo(Path.of("/srv/opsbook/backups/x"));
        assertThat(resolve("${backup_dir:-${OPSBOOK_HOME}/backups/x}", Map.of("backup_dir", "/b"))).isEqualTo(Path.of("/b"));
        assertThat(new BackupLocation("${OPSBOOK_HOME}", SourcePosition.START)
                .resolve(PARAMETERS, Map.of(), Path.of("relative-home"), Path.of("relative-home/sandbox/b")).isAbsolute()).isTrue();
        assertThat(resolve("${OPSBOOK_SANDBOX}/backups", Map.of())).isEqualTo(Path.of("/srv/opsbook/sandbox/b/backups"));
    }

    @Test
    void aRelativeValueIsTakenUnderTheRunbooksSandboxAsTheSamplesScriptsTakeIt() {
        assertThat(resolve("${backup_dir}", Map.of("backup_dir", "relative/dir"))).isEqualTo(Path.of("/srv/opsbook/sandbox/b/relative/dir"));
    }

    @Test
    void aValueThatGivesNoUsableDirectoryIsRefusedSayingWhy() {
        assertThatThrownBy(() -> resolve("${backup_dir}", Map.of("backup_dir", "")))
                .hasMessage("backup_location references ${backup_dir}, which is empty in this run");
        assertThatThrownBy(() -> resolve("${backup_dir}", Map.of("backup_dir", "/../")))
                .hasMessage("backup_location \"${backup_dir}\" gives the root directory, which confines nothing");
        assertThatThrownBy(() -> resolve("/x/${token}", Map.of("token", "s3cret")))
                .hasMessage("backup_location references the secret parameter ${token}");
        assertThatThrownBy(() -> resolve("/x/${nope}", Map.of()))
                .hasMessage("backup_location references ${nope}, which is not a declared parameter");
    }
}
