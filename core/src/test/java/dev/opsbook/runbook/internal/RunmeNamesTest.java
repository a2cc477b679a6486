package dev.opsbook.runbook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Names as stateful/runme's sanitizeName gives them (internal/document/block.go), and prompt stripping. */
class RunmeNamesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "echo hello|echo-hello",
            "$ brew update|brew-update",
            "$$ brew update|brew-update",
            "export PGDATABASE=orders|export-pgdatabase",
            "FOO=bar ./run.sh|foo",
            "redis-cli -h sessions.internal FLUSHDB|rediscli-h",
            "kubectl get pods --namespace payments-production|kubectl-get",
            "'# only a comment'|only",
            "'# comment\nls -la'|ls-la",
            "Ünïcode ñame|ncode-ame",
            "'   indented   command'|indented-",
    })
    void unnamedCellsAreNamedAsRunmeNamesThem(String code, String name) {
        assertThat(RunmeNames.fromCode(code.replace("\\n", "\n"))).isEqualTo(name);
    }

    @org.junit.jupiter.api.Test
    void aTakenNameGetsACounterLikeRunme() {
        RunmeNames names = new RunmeNames();
        assertThat(names.next("echo-hello", "echo x")).isEqualTo("echo-hello");
        assertThat(names.next("", "echo hello")).isEqualTo("echo-hello-2");
        assertThat(names.next("", "echo hello")).isEqualTo("echo-hello-3");
        assertThat(names.next("", "ls")).isEqualTo("ls");
    }

    @org.junit.jupiter.api.Test
    void promptsAreStrippedButDollarVariablesAreKept() {
        assertThat(RunmeNames.withoutPrompts("$ brew update\n  $ cd /tmp\n$\n$EDITOR notes.txt\necho $HOME\n"))
                .isEqualTo("brew update\n  cd /tmp\n\n$EDITOR notes.txt\necho $HOME\n");
    }
}
