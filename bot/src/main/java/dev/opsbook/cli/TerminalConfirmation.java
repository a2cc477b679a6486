package dev.opsbook.cli;

import dev.opsbook.execution.Confirmation;
import dev.opsbook.execution.Run;
import dev.opsbook.runbook.Step;
import java.io.Console;
import java.io.PrintWriter;
import java.util.List;

/**
 * Confirms {@code confirm=} steps on the command line: with a matching {@code --confirm TEXT}, else by
 * asking on the terminal (the text must be typed exactly); without a terminal the step is not confirmed.
 */
final class TerminalConfirmation implements Confirmation {
    private final List<String> given;
    private final PrintWriter out;

    TerminalConfirmation(List<String> given, PrintWriter out) {
        this.given = List.copyOf(given);
        this.out = out;
    }

    @Override
    public boolean confirm(Run run, Step step, String text) {
        if (given.contains(text)) {
            out.printf("    step %s confirmed with --confirm%n", step.id());
            out.flush();
            return true;
        }
        Console console = System.console();
        if (console == null) {
            out.printf("    step %s must be confirmed by typing \"%s\": run in a terminal or pass --confirm \"%s\"%n",
                    step.id(), text, text);
            out.flush();
            return false;
        }
        String typed = console.readLine("step %s (%s) asks for confirmation: type \"%s\" to run it: ",
                step.id(), step.kind().label(), text);
        return typed != null && typed.strip().equals(text);
    }
}
