package dev.opsbook.runbook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuartzCronTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "0 0 2 * * ?", "0 */15 * * * ?", "0 30 3 ? * MON-FRI", "0 0 12 1/5 * ?", "0 15 10 L * ?",
        "0 15 10 ? * 6L", "0 15 10 ? * 6#3", "0 0 8 LW * ?", "0 0 8 15W * ?", "0 0/5 14,18 * * ?",
        "0 15 10 ? * * 2030", "0 0 0 ? JAN-MAR SUN", "0 0 0 1 jan ?", "59 59 23 31 12 ? 2099",
    })
    void acceptsQuartzExpressions(String cron) {
        assertThat(QuartzCron.problem(cron)).as(cron).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0 2 * * *", "0 0 2 * * ? 2030 x", "60 0 2 * * ?", "0 0 24 * * ?", "0 0 2 32 * ?", "0 0 2 ? 13 *",
        "0 0 2 * * MON", "0 0 2 ? * ?", "0 0 2 ? * FUNDAY", "0 0 2 ? * 2 1969", "0 0 2 ! * ?", "0 0 L * * ?",
        "",
    })
    void rejectsOthersWithAReason(String cron) {
        assertThat(QuartzCron.problem(cron)).as(cron).hasValueSatisfying(p -> assertThat(p).isNotBlank());
    }
}
