package dev.opsbook.execution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VisibleTest {
    @Test
    void controlCharactersAnsiEscapesAndBidiOverridesAreShownNotInterpreted() {
        assertThat(Visible.text("plain tab\tand ünïcödé ✓")).isEqualTo("plain tab\tand ünïcödé ✓");
        assertThat(Visible.text("\u001b[2J\u001b]0;title\u0007\rback\u0000\u007f\u009b31m"))
                .isEqualTo("\\e[2J\\e]0;title\\x07\\rback\\x00\\x7f\\x9b31m");
        assertThat(Visible.text("invoice\u202Efdp.exe\u2066x\u2069")).isEqualTo("invoice\\u202efdp.exe\\u2066x\\u2069");
        assertThat(Visible.text("two\nlines")).isEqualTo("two\\nlines");
    }
}
