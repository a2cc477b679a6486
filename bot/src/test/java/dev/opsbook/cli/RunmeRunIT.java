package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code opsbook run README.md --step NAME} on the Runme example READMEs, which have no opsbook front matter. */
class RunmeRunIT {
    @TempDir
    Path dir;
    CliFixture cli;
    Path toolbox;
    Path api;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliFixture(dir.resolve("home"));
        Path examples = Path.of("../examples/adoption/runme").toAbsolutePath().normalize();
        toolbox = dir.resolve("toolbox/README.md");
        api = dir.resolve("toolbox/api/README.md");
        Files.createDirectories(api.getParent());
        Files.copy(examples.resolve("README.md"), toolbox);
        Files.copy(examples.resolve("api/README.md"), api);
    }

    @AfterEach
    void tearDown() {
        cli.close();
    }

    @Test
    void anUnnamedCellRunsUnderTheNameRunmeGivesItWithItsPromptStripped() {
        CliFixture.Result r = cli.run(toolbox.toString(), "--step", "echo-toolbox");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("==> step echo-toolbox", "  echo-toolbox | toolbox 1.4.2").doesNotContain("command not found");
        assertThat(cli.runs().out()).contains("succeeded", "toolbox", "alice");
    }

    @Test
    void cellsRunInTheFolderOfTheirDocumentAndNamedCellsKeepTheirName() {
        CliFixture.Result where = cli.run(toolbox.toString(), "--step", "basename-pwd");
        assertThat(where.exitCode()).as(where.err()).isZero();
        assertThat(where.out()).contains("  basename-pwd | toolbox");

        CliFixture.Result greet = cli.run(toolbox.toString(), "--step", "greet");
        assertThat(greet.out()).contains("  greet | hello from the toolbox");

        CliFixture.Result second = cli.run(toolbox.toString(), "--step", "echo-hello-2");
        assertThat(second.out()).contains("  echo-hello-2 | hello world");
    }

    @Test
    void runmeFrontMatterCwdAndShellAreUnderstood() {
        CliFixture.Result r = cli.run(api.toString(), "--step", "smoke");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("  smoke | found the toolbox README");
    }

    @Test
    void aProcedureRunLeavesOutCellsExcludedFromRunAll() {
        CliFixture.Result r = cli.run(toolbox.toString(), "local-toolbox");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("toolbox 1.4.2", "hello from the toolbox", "hello world")
                .doesNotContain("cleaning up");
        CliFixture.Result alone = cli.run(toolbox.toString(), "--step", "slow-cleanup");
        assertThat(alone.out()).contains("  slow-cleanup | cleaning up, this takes a while");
    }

    @Test
    void withoutRunnersTheConfiguredRunnersDecideWhoMayRunADocument() {
        cli.env.put("OPSBOOK_RUNNERS", "bob");

        CliFixture.Result refused = cli.run(toolbox.toString(), "--step", "greet");
        assertThat(refused.exitCode()).isEqualTo(RunCommand.REFUSED);
        assertThat(refused.err()).contains("not authorised: alice is not among the runners of toolbox (bob)");

        assertThat(cli.run(toolbox.toString(), "--step", "greet", "--as", "bob").exitCode()).isZero();
    }

    @Test
    void anUnknownCellNameListsTheNamesThereAre() {
        CliFixture.Result r = cli.run(toolbox.toString(), "--step", "brew-update");

        assertThat(r.exitCode()).isEqualTo(RunCommand.REFUSED);
        assertThat(r.err()).contains("has no step brew-update", "echo-toolbox, basename-pwd, greet, slow-cleanup, echo-hello, echo-hello-2");
    }
}
