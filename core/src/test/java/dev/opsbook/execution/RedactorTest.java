package dev.opsbook.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor redactor = new Redactor(List.of("hunter2", "s3cr3t-value"), Redactor.DEFAULT_PATTERNS);

    @Test
    void masksKnownValuesAnywhere() {
        assertThat(redactor.redact("connecting with hunter2 and xs3cr3t-valuex")).isEqualTo("connecting with *** and x***x");
    }

    @Test
    void masksConfiguredPatterns() {
        assertThat(redactor.redact("slack xoxb-1234567890-abcdefghij ok")).isEqualTo("slack *** ok");
        assertThat(redactor.redact("PASSWORD=topsecret next")).isEqualTo("PASSWORD=*** next");
        assertThat(redactor.redact("password: 'a b c'")).isEqualTo("password: ***");
        assertThat(redactor.redact("key AKIAIOSFODNN7EXAMPLE used")).isEqualTo("key *** used");
        assertThat(redactor.redact("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
                .isEqualTo("aws_secret_access_key = ***");
        assertThat(redactor.redact("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig"))
                .isEqualTo("Authorization: Bearer ***");
        assertThat(redactor.redact("postgresql://app:pa55@db:5432/x")).isEqualTo("postgresql://app:***@db:5432/x");
        assertThat(redactor.redact("nothing secret here: 42 rows")).isEqualTo("nothing secret here: 42 rows");
    }

    @Test
    void configuredPatternsApplyToEveryLine() {
        Redactor custom = new Redactor(List.of(), List.of(java.util.regex.Pattern.compile("acct-(?<secret>\\d{6})")));
        assertThat(custom.redact("charging acct-123456 now")).isEqualTo("charging acct-*** now");
        assertThat(redactor.redact("-----BEGIN RSA PRIVATE KEY----- then ghp_abcdefghijklmnopqrstuvwxyz0123456789"))
                .isEqualTo("*** then ***");
    }
}
