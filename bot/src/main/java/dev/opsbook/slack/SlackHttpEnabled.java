package dev.opsbook.slack;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** HTTP mode: a signing secret is set, so {@code /slack/events} can verify requests. */
final class SlackHttpEnabled implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String secret = context.getEnvironment().getProperty("opsbook.slack.signing-secret", "");
        return !secret.isBlank();
    }
}
