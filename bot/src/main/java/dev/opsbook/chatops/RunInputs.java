package dev.opsbook.chatops;

import dev.opsbook.chat.ChatForm;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.runbook.Parameter;
import dev.opsbook.runbook.Runbook;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Whether a run asked from chat needs a form for its parameters, and the answer that carries it. */
final class RunInputs {
    private RunInputs() {}

    /** A required parameter without default is missing, or a secret one was not given (it does not belong in a command line). */
    static boolean missing(Runbook rb, Map<String, String> given) {
        return !asked(rb, given).isEmpty();
    }

    static ChatMessage ask(Runbook rb, Optional<String> target, Map<String, String> given) {
        String names = asked(rb, given).stream().map(p -> "`" + p.name() + "`" + (p.secret() ? " (secret)" : ""))
                .collect(Collectors.joining(", "));
        return ChatMessage.builder("`" + rb.id() + "` needs " + names + " before it runs. Nothing started yet: fill in"
                        + " the form (secret values go to the run only, never into chat or the audit log).")
                .status(ChatStatus.PENDING)
                .form(ChatForm.parameters(rb, target, given))
                .build();
    }

    private static List<Parameter> asked(Runbook rb, Map<String, String> given) {
        return rb.parameters().stream().filter(p -> !given.containsKey(p.name()))
                .filter(p -> p.secret() || (p.required() && p.defaultValue().isEmpty())).toList();
    }
}
