package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code serve}'s arguments read without picocli give the command picocli would build; whatever that reading does
 * not take (help, version, a bad or repeated port, {@code --}, {@code @file}) is left to picocli.
 */
class ServeCommandTest {

    @Test
    void plainArgumentsGiveWhatPicocliGives() {
        for (List<String> args : List.<List<String>>of(
                List.of("serve"),
                List.of("serve", "--port", "8081"),
                List.of("serve", "--port=0"),
                List.of("serve", "--port", "0080", "--server.address=127.0.0.1"),
                List.of("serve", "--spring.profiles.active=x", "--port=9000", "--logging.level.root=WARN"))) {
            ServeCommand plain = ServeCommand.readPlain(args.toArray(String[]::new)).orElseThrow();
            ServeCommand picocli = picocli(args);
            assertThat(plain.port).as("%s", args).isEqualTo(picocli.port);
            assertThat(plain.springArguments).as("%s", args).isEqualTo(picocli.springArguments);
        }
    }

    @Test
    void everythingElseIsLeftToPicocli() {
        for (List<String> args : List.<List<String>>of(
                List.of("serve", "--help"),
                List.of("serve", "-h"),
                List.of("serve", "-V"),
                List.of("serve", "--version"),
                List.of("serve", "--port"),
                List.of("serve", "--port", "eighty"),
                List.of("serve", "--port=-1"),
                List.of("serve", "--port", "1", "--port", "2"),
                List.of("serve", "--", "--port=1"),
                List.of("serve", "@args.txt"),
                List.of("lint", "runbooks"),
                List.<String>of())) {
            assertThat(ServeCommand.readPlain(args.toArray(String[]::new))).as("%s", args).isEmpty();
        }
    }

    private static ServeCommand picocli(List<String> args) {
        CommandLine.ParseResult parsed = new CommandLine(new Opsbook()).parseArgs(args.toArray(String[]::new));
        return (ServeCommand) parsed.subcommand().commandSpec().userObject();
    }
}
