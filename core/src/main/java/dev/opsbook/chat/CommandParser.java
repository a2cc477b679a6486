package dev.opsbook.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the text after {@code /runbook} into a {@link ChatCommand}, or says precisely what is wrong. */
final class CommandParser {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private CommandParser() {}

    static ChatCommand parse(String text) throws CommandSyntaxException {
        List<String> words = CommandWords.split(text == null ? "" : text);
        if (words.isEmpty()) {
            return new ChatCommand.Help();
        }
        String verb = words.getFirst().toLowerCase(Locale.ROOT);
        List<String> args = words.subList(1, words.size());
        return switch (verb) {
            case "help" -> new ChatCommand.Help();
            case "list", "ls" -> new ChatCommand.ListRunbooks(optional(verb, args, "SERVICE"));
            case "show" -> new ChatCommand.Show(one(verb, args, "ID"));
            case "run" -> run("run", args, false);
            case "dry-run", "dryrun" -> run("dry-run", args, true);
            case "status" -> new ChatCommand.Status(one(verb, args, "RUN"));
            case "cancel" -> new ChatCommand.Control(RunControl.Kind.CANCEL, one(verb, args, "RUN"));
            case "resume" -> new ChatCommand.Control(RunControl.Kind.RESUME, one(verb, args, "RUN"));
            case "approve" -> new ChatCommand.Vote(one(verb, args, "RUN"), Decision.APPROVE, Optional.empty());
            case "reject" -> reject(args);
            case "history" -> new ChatCommand.History(optional(verb, args, "SERVICE"));
            case "audit" -> new ChatCommand.Audit(one(verb, args, "RUN"));
            case "schedules" -> new ChatCommand.Schedules(optional(verb, args, "SERVICE"));
            case "backups" -> new ChatCommand.Backups(one(verb, args, "SERVICE"));
            case "drill" -> drill(args);
            case "lesson", "lessons" -> lesson(args);
            case "failover" -> new ChatCommand.Failover(optional(verb, args, "SERVICE"));
            case "timeline" -> new ChatCommand.Timeline(one(verb, args, "RUN"));
            default -> throw new CommandSyntaxException("unknown command `" + words.getFirst() + "`");
        };
    }

    private static ChatCommand.Run run(String verb, List<String> args, boolean dryRun) throws CommandSyntaxException {
        if (args.isEmpty()) {
            throw new CommandSyntaxException("`" + verb + "` needs a runbook ID");
        }
        String id = args.getFirst();
        if (id.contains("=")) {
            throw new CommandSyntaxException("`" + verb + "` needs a runbook ID before any k=v parameter, got `" + id + "`");
        }
        Optional<String> target = Optional.empty();
        Map<String, String> params = new LinkedHashMap<>();
        for (String word : args.subList(1, args.size())) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                if (target.isPresent() || !params.isEmpty()) {
                    throw new CommandSyntaxException("unexpected `" + word + "`: give at most one procedure or step,"
                            + " before the k=v parameters (quote names with spaces)");
                }
                target = Optional.of(word);
                continue;
            }
            String key = word.substring(0, eq);
            if (!KEY.matcher(key).matches()) {
                throw new CommandSyntaxException("`" + word + "` is not a k=v parameter: the name must start with a letter");
            }
            if (params.putIfAbsent(key, word.substring(eq + 1)) != null) {
                throw new CommandSyntaxException("parameter `" + key + "` is given twice");
            }
        }
        return new ChatCommand.Run(id, target, params, dryRun);
    }

    private static ChatCommand drill(List<String> args) throws CommandSyntaxException {
        ChatCommand.Run run = run("drill", args, false);
        if (run.target().isPresent()) {
            throw new CommandSyntaxException("`drill` takes a runbook ID and k=v parameters, not a procedure (`"
                    + run.target().get() + "`): a drill always restores and validates");
        }
        return new ChatCommand.Drill(run.runbookId(), run.params());
    }

    private static ChatCommand lesson(List<String> args) throws CommandSyntaxException {
        if (args.size() < 2) {
            throw new CommandSyntaxException("`lesson` needs a RUN id and the lesson text");
        }
        return new ChatCommand.Lesson(args.getFirst(), String.join(" ", args.subList(1, args.size())));
    }

    private static ChatCommand reject(List<String> args) throws CommandSyntaxException {
        if (args.isEmpty()) {
            throw new CommandSyntaxException("`reject` needs a RUN id");
        }
        String reason = String.join(" ", args.subList(1, args.size()));
        return new ChatCommand.Vote(args.getFirst(), Decision.REJECT, Optional.of(reason).filter(r -> !r.isBlank()));
    }

    private static String one(String verb, List<String> args, String what) throws CommandSyntaxException {
        if (args.isEmpty()) {
            throw new CommandSyntaxException("`" + verb + "` needs a " + what);
        }
        if (args.size() > 1) {
            throw new CommandSyntaxException("`" + verb + "` takes one " + what + ", got " + args.size() + " words");
        }
        return args.getFirst();
    }

    private static Optional<String> optional(String verb, List<String> args, String what) throws CommandSyntaxException {
        if (args.size() > 1) {
            throw new CommandSyntaxException("`" + verb + "` takes at most one " + what + ", got " + args.size() + " words");
        }
        return args.stream().findFirst();
    }
}
