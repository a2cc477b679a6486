package dev.opsbook.execution;

import dev.opsbook.runbook.Step;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The complete environment of a step's process (the contract in docs/execution.md): the inherited
 * base variables, {@code PWD}, every parameter as its env name, only the secrets this step declares,
 * and the {@code OPSBOOK_*} variables. {@code OPSBOOK_DRY_RUN} is never set when running for real.
 */
final class StepEnvironment {
    private StepEnvironment() {}

    static Map<String, String> of(RunContext ctx, Step step) {
        Map<String, String> env = new LinkedHashMap<>(ctx.settings().baseEnvironment());
        env.put("PWD", workDir(ctx, step).toString());
        env.putAll(ctx.parameters().environment());
        for (String secret : step.secrets()) {
            String value = ctx.secrets().get(secret);
            if (value != null) {
                env.put(SecretProvider.envName(secret), value);
            }
        }
        env.put("OPSBOOK_RUN_ID", ctx.run().id().value());
        env.put("OPSBOOK_STEP_ID", step.id());
        env.put("OPSBOOK_RUNBOOK_ID", ctx.runbook().id());
        env.put("OPSBOOK_SERVICE", ctx.runbook().service());
        env.put("OPSBOOK_WORKDIR", ctx.workDir().toString());
        env.put("OPSBOOK_RUNBOOK_DIR", runbookDir(ctx).toString());
        env.put("OPSBOOK_ARTIFACTS", ctx.runDir().resolve("artifacts").toString());
        env.put("OPSBOOK_SANDBOX", ctx.settings().sandbox(ctx.runbook().id()).toString());
        return env;
    }


    /** The step's cwd: the run's work dir, or its {@code cwd=} relative to it. */
    static Path workDir(RunContext ctx, Step step) {
        return step.cwd().map(c -> ctx.workDir().resolve(c).normalize()).orElse(ctx.workDir());
    }

    static Path runbookDir(RunContext ctx) {
        Path parent = Path.of(ctx.runbook().path()).toAbsolutePath().getParent();
        return parent == null ? Path.of("/") : parent;
    }
}
