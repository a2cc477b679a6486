package dev.opsbook.slack;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Socket Mode: an app-level token ({@code xapp-…}) is set. */
final class SlackSocketModeEnabled implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String token = context.getEnvironment().getProperty("opsbook.slack.app-token", "");
        return !token.isBlank();
    }
}
