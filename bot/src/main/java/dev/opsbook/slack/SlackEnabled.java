package dev.opsbook.slack;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when the Slack settings are complete enough to start the adapter. */
final class SlackEnabled implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return Binder.get(context.getEnvironment()).bind("opsbook.slack", SlackProperties.class)
                .orElseGet(() -> new SlackProperties(null, null, null, null))
                .enabled();
    }
}
