package dev.opsbook.runbook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShellVariablesTest {
    @Test
    void findsAssignmentsDeclarationsReadsAndLoops() {
        String code = """
                a=1 b+=2 arr[3]=x
                export E=1; local L; declare -r -x D=1 D2
                read -r -p "prompt: " R1 R2 < /dev/null
                read -a ARR
                mapfile -t LINES < f
                for f in *; do :; done
                for ((i = 0; i < 3; i++)); do :; done
                while getopts "ab:" opt; do :; done
                """;

        assertThat(ShellVariables.assigned(code))
                .contains("a", "b", "arr", "E", "L", "D", "D2", "R1", "R2", "ARR", "LINES", "f", "opt")
                .doesNotContain("prompt", "ab");
    }

    @Test
    void readsSkipQuotesCommentsEscapesAndDefaults() {
        String code = """
                echo "$A ${B} ${C:-x} ${D:=y} ${E:+z} ${F:?need F} $1 $? $@ \\$G"
                echo '$H' # $I
                echo "it's $J"
                cat <<'EOF'
                $K
                EOF
                cat <<EOF
                $L
                EOF
                """;

        assertThat(ShellVariables.read(code).keySet()).containsExactly("A", "B", "F", "J", "L");
    }
}
