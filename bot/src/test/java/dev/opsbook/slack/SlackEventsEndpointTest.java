package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.slash_commands.SlashCommandPayloadParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The endpoint builds slash commands from the form {@link SlackBodies} decoded, field for field as Bolt's parser does. */
class SlackEventsEndpointTest {
    private static final String FORM = "application/x-www-form-urlencoded";

    @Test
    void aSlashCommandIsReadAsBoltReadsIt() {
        List<String> bodies = List.of(
                SlackTestClient.slashCommandBody("status r-0123456789", "U1", "C1", "t-1", "https://hooks.slack.com/commands/T1/1/x"),
                SlackTestClient.slashCommandBody("run db-restore restore target=prod & more + 100% «ü»", "U2", "C2", "t-2",
                        "https://hooks.slack.com/commands/T1/2/y?a=b&c=d"),
                SlackTestClient.slashCommandBody("", "U3", "C3", "t-3", "https://hooks.slack.com/commands/T1/3/z"),
                "command=%2Frunbook&text=help&user_id=U4&channel_id=C4&response_url=&enterprise_id=E1&enterprise_name=Big+Co");
        for (String body : bodies) {
            SlackBodies.Verdict verdict = SlackBodies.check(FORM, body);
            assertThat(verdict).isInstanceOf(SlackBodies.Verdict.Dispatch.class);
            SlackBodies.Verdict.Dispatch dispatch = (SlackBodies.Verdict.Dispatch) verdict;
            assertThat(dispatch.slashCommand()).as(body).isTrue();
            assertThat(SlackEventsEndpoint.slashCommandPayload(dispatch.form())).as(body)
                    .isEqualTo(new SlashCommandPayloadParser().parse(body));
        }
    }

    @Test
    void interactivityAndEventsAreLeftToBoltsParser() {
        SlackBodies.Verdict.Dispatch click = (SlackBodies.Verdict.Dispatch) SlackBodies.check(FORM,
                "payload=%7B%22type%22%3A%22block_actions%22%2C%22command%22%3A%22x%22%7D&command=%2Frunbook");
        assertThat(click.slashCommand()).isFalse();
        SlackBodies.Verdict.Dispatch event = (SlackBodies.Verdict.Dispatch) SlackBodies.check("application/json",
                "{\"type\":\"event_callback\",\"event\":{\"type\":\"app_home_opened\"}}");
        assertThat(event.slashCommand()).isFalse();
        assertThat(event.form()).isEmpty();
    }

    @Test
    void aBodyThatIsNotUrlEncodedIsStillRefused() {
        assertThat(SlackBodies.check(FORM, "command=%2Frunbook&text=%zz")).isInstanceOf(SlackBodies.Verdict.Malformed.class);
        assertThat(SlackBodies.check(FORM, "=x&text=status")).isInstanceOf(SlackBodies.Verdict.Malformed.class);
    }
}
