package dev.opsbook.cli;

import java.io.Console;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where parameter values come from besides the command line: standard input (for {@code --param NAME=-})
 * and a prompt that does not echo (for secret parameters, on a terminal only). Tests pass their own.
 */
record ParameterSources(InputStream stdin, SecretPrompt prompt) {
    /** Asks for a value without echoing it; empty when there is no terminal. */
    @FunctionalInterface
    interface SecretPrompt {
        Optional<String> ask(String question);
    }

    static final ParameterSources SYSTEM = new ParameterSources(System.in, question -> {
        Console console = System.console();
        if (console == null) {
            return Optional.empty();
        }
        char[] typed = console.readPassword("%s", question);
        return typed == null ? Optional.empty() : Optional.of(new String(typed));
    });
}
