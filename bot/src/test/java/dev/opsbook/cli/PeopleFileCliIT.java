package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line reads the one directory: people.yaml's groups count; a broken file stops it with file:line:col. */
class PeopleFileCliIT {
    static final String RUNBOOK = """
            ---
            id: team-only
            title: Team only
            service: demo
            owners:
              team: sre
            runners: ["@sre"]
            ---

            ## Hello

            ```bash {#hello kind=shell timeout=1m}
            echo "hello from $USER_NOTE"
            ```
            """;

    @TempDir
    Path dir;
    CliFixture cli;
    Path runbook;
    Path people;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(dir.resolve("home"));
        cli = new CliFixture(dir.resolve("home"));
        runbook = dir.resolve("team-only.md");
        Files.writeString(runbook, RUNBOOK);
        people = dir.resolve("home/people.yaml");
    }

    @AfterEach
    void tearDown() {
        cli.close();
    }

    @Test
    void groupsFromPeopleYamlDecideWhoRunsAndABrokenFileSaysWhereItIsBroken() throws Exception {
        Files.writeString(people, "groups:\n  sre: [alice, bob]\n  storefront-leads: [bob]\n"); // the README's example
        assertThat(cli.run(runbook.toString(), "hello", "--as", "bob").exitCode()).isZero();
        CliFixture.Result carol = cli.run(runbook.toString(), "hello", "--as", "carol");
        assertThat(carol.exitCode()).isEqualTo(RunCommand.REFUSED);
        assertThat(carol.err()).contains("not authorised: carol is not among the runners of team-only (@sre). Who may run it"
                + " is set by runners: in " + runbook + "; the members of @sre are kept in " + people
                + " or on the dashboard's People page (/people)");

        Files.writeString(people, "people:\n  bob:\n    slak: U1\n");
        CliFixture.Result broken = cli.run(runbook.toString(), "hello", "--as", "bob");
        assertThat(broken.exitCode()).isEqualTo(RunCommand.REFUSED);
        assertThat(broken.err()).contains("error: " + people + ":3:5: unknown key `slak` for bob");
    }
}
