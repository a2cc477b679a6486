package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, hole 3: secret parameters never have to sit on the command line; invalid UTF-8 and control characters. */
class SecretParametersIT {
    static final String RUNBOOK = """
            ---
            id: vault-db
            title: Vault database
            service: vault-db
            owners: [alice]
            parameters:
              - name: target
                type: string
                default: vault
              - name: token
                type: string
                required: true
                secret: true
            ---
            # Vault

            ## Check

            ```bash {#show kind=check timeout=1m}
            echo "target=$TARGET"
            [ "$TOKEN" = "s3cr3t-T0ken" ] && echo "token ok" || echo "token wrong"
            printf 'ansi \\033[31mred\\033[0m bell \\a done\\n'
            ```
            """;

    @TempDir
    Path dir;
    CliFixture cli;
    Path runbook;
    final List<String> asked = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliFixture(dir.resolve("home"));
        runbook = dir.resolve("vault-db.md");
        Files.writeString(runbook, RUNBOOK);
    }

    @AfterEach
    void tearDown() {
        cli.close();
    }

    CliFixture.Result run(String stdin, Optional<String> typed, String... args) {
        RunCommand cmd = new RunCommand(cli.env);
        cmd.parameters.sources = new ParameterSources(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), q -> {
            asked.add(q);
            return typed;
        });
        return cli.execute(cmd, args);
    }

    @Test
    void aSecretOnTheCommandLineIsRefusedBeforeAnythingRuns() {
        CliFixture.Result r = run("", Optional.empty(), runbook.toString(), "check", "--param", "token=s3cr3t-T0ken");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("error: parameter token is secret: on the command line every local user can read it"
                + " (ps, /proc/PID/cmdline); pass it with --param token=- (standard input), --param-file FILE,"
                + " or leave it out to be asked for it on the terminal").doesNotContain("s3cr3t");
        assertThat(r.out()).doesNotContain("==> step");
    }

    @Test
    void theExplicitFlagAcceptsItWithAWarning() {
        CliFixture.Result r = run("", Optional.empty(), runbook.toString(), "check", "--param", "token=s3cr3t-T0ken",
                "--secret-on-command-line");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("warning: secret parameter token was given on the command line");
        assertThat(r.out()).contains("show | token ok");
    }

    @Test
    void standardInputFileAndPromptCarryTheSecret() throws Exception {
        CliFixture.Result stdin = run("s3cr3t-T0ken\n", Optional.empty(), runbook.toString(), "check", "--param", "token=-");
        assertThat(stdin.exitCode()).as(stdin.err()).isZero();
        assertThat(stdin.out()).contains("show | token ok").doesNotContain("s3cr3t");

        Path file = dir.resolve("params");
        Files.writeString(file, "# secrets for the vault\ntoken=s3cr3t-T0ken\ntarget=vault_b\n");
        CliFixture.Result fromFile = run("", Optional.empty(), runbook.toString(), "check", "--param-file", file.toString());
        assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
        assertThat(fromFile.out()).contains("show | target=vault_b", "show | token ok");

        CliFixture.Result prompted = run("", Optional.of("s3cr3t-T0ken"), runbook.toString(), "check");
        assertThat(prompted.exitCode()).as(prompted.err()).isZero();
        assertThat(asked).containsExactly("value of secret parameter token (not echoed): ");
        assertThat(prompted.out()).contains("show | token ok");

        CliFixture.Result noTerminal = run("", Optional.empty(), runbook.toString(), "check");
        assertThat(noTerminal.exitCode()).isEqualTo(4);
        assertThat(noTerminal.err()).contains("parameter token: required; pass --param token=- (its value on standard input)"
                + " or put it in a --param-file");
    }

    @Test
    void invalidUtf8IsRefusedAndControlCharactersAreShownNotInterpreted() throws Exception {
        Path file = dir.resolve("bad");
        Files.write(file, new byte[] {'t', 'o', 'k', 'e', 'n', '=', (byte) 0xff, (byte) 0xfe, '\n'});
        CliFixture.Result badFile = run("", Optional.empty(), runbook.toString(), "check", "--param-file", file.toString());
        assertThat(badFile.exitCode()).isEqualTo(4);
        assertThat(badFile.err()).contains("error: parameter file " + file + " is not valid UTF-8");

        CliFixture.Result badStdin = new SecretParametersIT.Stdin(new byte[] {(byte) 0xc3, '(', '\n'}).run(this,
                runbook.toString(), "check", "--param", "token=-");
        assertThat(badStdin.exitCode()).isEqualTo(4);
        assertThat(badStdin.err()).contains("the value of parameter token on standard input is not valid UTF-8");

        // what the JVM makes of undecodable bytes in argv
        CliFixture.Result badArg = run("s3cr3t-T0ken", Optional.empty(), runbook.toString(), "check", "--param", "token=-",
                "--param", "target=vau\uFFFDlt");
        assertThat(badArg.exitCode()).isEqualTo(4);
        assertThat(badArg.err()).contains("parameter target: is not valid UTF-8");

        CliFixture.Result ansi = run("s3cr3t-T0ken", Optional.empty(), runbook.toString(), "check", "--param", "token=-",
                "--param", "target=x\u001b[2J\u001b]0;owned\u0007\ry");
        assertThat(ansi.exitCode()).as(ansi.err()).isZero();
        assertThat(ansi.out() + ansi.err()).doesNotContain("\u001b", "\u0007", "\r");
        assertThat(ansi.out()).contains("show | target=x\\e[2J\\e]0;owned\\x07\\ry", "show | ansi \\e[31mred\\e[0m bell \\x07 done");
    }

    /** A run whose standard input holds raw bytes. */
    record Stdin(byte[] bytes) {
        CliFixture.Result run(SecretParametersIT test, String... args) {
            RunCommand cmd = new RunCommand(test.cli.env);
            cmd.parameters.sources = new ParameterSources(new ByteArrayInputStream(bytes), q -> Optional.empty());
            return test.cli.execute(cmd, args);
        }
    }
}
