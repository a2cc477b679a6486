package dev.opsbook.execution;

import java.util.Optional;

/** Refuses a step when whoever drives the run (requester, or whoever resumed it) may not run the runbook. */
final class AuthorizationInterceptor implements StepInterceptor {
    private final RunAuthorizer authorizer;

    AuthorizationInterceptor(RunAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public StepResult intercept(Chain chain) {
        RunContext ctx = chain.call().context();
        Optional<String> refusal = authorizer.refusal(ctx.driver(), ctx.runbook());
        if (refusal.isPresent()) {
            throw new StepNotStartedException("step " + chain.call().step().id() + " not started: " + refusal.get(), null);
        }
        return chain.proceed(chain.call());
    }
}
