package dev.opsbook.cli;

import dev.opsbook.audit.Actor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of commands that execute steps: who is acting, and the answers to {@code confirm=} prompts. */
final class OperatorOptions {
    @Option(names = "--as", paramLabel = "USER", description = "Act as USER (default: $USER).")
    String as;

    @Option(names = "--confirm", paramLabel = "TEXT",
            description = "Confirm steps with confirm=TEXT without a prompt (repeatable); otherwise they ask on the terminal.")
    List<String> confirmations = new ArrayList<>();

    Actor actor(Map<String, String> env) throws RunCommand.Refusal {
        return Identity.of(as, env);
    }

    TerminalConfirmation confirmation(PrintWriter out) {
        return new TerminalConfirmation(confirmations, out);
    }
}
