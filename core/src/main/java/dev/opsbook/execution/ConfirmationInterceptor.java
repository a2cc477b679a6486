package dev.opsbook.execution;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs a step with {@code confirm=TEXT} only after the runner typed TEXT; otherwise the step (and run) is cancelled. */
final class ConfirmationInterceptor implements StepInterceptor {
    private final Confirmation confirmation;

    ConfirmationInterceptor(Confirmation confirmation) {
        this.confirmation = confirmation;
    }

    @Override
    public StepResult intercept(Chain chain) {
        StepCall call = chain.call();
        Optional<String> text = call.step().confirm();
        if (text.isEmpty() || confirmation.confirm(call.context().run(), call.step(), text.get())) {
            return chain.proceed(call);
        }
        return new StepResult(StepState.CANCELLED, Optional.empty(), Duration.ZERO, List.of(),
                "not confirmed: the runner did not type \"" + text.get() + "\"");
    }
}
