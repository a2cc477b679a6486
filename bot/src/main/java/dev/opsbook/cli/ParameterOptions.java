package dev.opsbook.cli;

import dev.opsbook.runbook.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The parameter options of {@code run}, {@code resume} and {@code drill}. A secret parameter never has to
 * sit on the command line, where every local user can read it ({@code ps}, {@code /proc/PID/cmdline}):
 * it comes from {@code --param-file FILE}, from standard input ({@code --param NAME=-}) or from a prompt
 * that does not echo. {@code --param NAME=VALUE} for a secret parameter is refused unless
 * {@code --secret-on-command-line} accepts it, with a warning. Files and standard input must be UTF-8.
 */
final class ParameterOptions {
    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "A parameter value (repeatable). NAME=- reads the value from standard input. Secret parameters"
                    + " are refused here: use NAME=-, --param-file or the prompt.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--param-file", paramLabel = "FILE",
            description = "Parameter values from FILE, one NAME=VALUE a line (# starts a comment line); keep it private (chmod 600).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--secret-on-command-line",
            description = "Accept secret parameters given as --param NAME=VALUE, although every local user can read the command line.")
    boolean secretOnCommandLine;

    ParameterSources sources = ParameterSources.SYSTEM;

    /**
     * The values for a runbook declaring {@code declared}: files first, then {@code --param} (which wins), then
     * a prompt for each secret in {@code prompted} still missing.
     */
    Map<String, String> resolve(List<Parameter> declared, List<Parameter> prompted, PrintWriter err) throws RunCommand.Refusal {
        Map<String, String> values = new LinkedHashMap<>();
        for (Path file : files) {
            values.putAll(fromFile(file));
        }
        boolean stdinUsed = false;
        for (Map.Entry<String, String> e : params.entrySet()) {
            String name = e.getKey();
            boolean secret = declared.stream().anyMatch(p -> p.name().equals(name) && p.secret());
            if ("-".equals(e.getValue())) {
                if (stdinUsed) {
                    throw new RunCommand.Refusal("only one parameter can be read from standard input (--param " + name + "=-)");
                }
                stdinUsed = true;
                values.put(name, fromStdin(name));
            } else if (secret && !secretOnCommandLine) {
                throw new RunCommand.Refusal("parameter " + name + " is secret: on the command line every local user can read it"
                        + " (ps, /proc/PID/cmdline); pass it with --param " + name + "=- (standard input), --param-file FILE,"
                        + " or leave it out to be asked for it on the terminal");
            } else {
                if (secret) {
                    err.println("warning: secret parameter " + name + " was given on the command line, where every local"
                            + " user can read it while opsbook runs");
                    err.flush();
                }
                values.put(name, e.getValue());
            }
        }
        for (Parameter p : prompted) {
            if (p.secret() && !values.containsKey(p.name())) {
                Optional<String> typed = sources.prompt().ask("value of secret parameter " + p.name() + " (not echoed): ");
                typed.ifPresent(v -> values.put(p.name(), v));
            }
        }
        return values;
    }

    /** The secret parameters a new run must be given (required, without a default). */
    static List<Parameter> requiredSecrets(List<Parameter> declared) {
        return declared.stream().filter(p -> p.secret() && p.required() && p.defaultValue().isEmpty()).toList();
    }

    private static Map<String, String> fromFile(Path file) throws RunCommand.Refusal {
        String text;
        try {
            text = utf8(Files.readAllBytes(file), "parameter file " + file);
        } catch (IOException e) {
            throw new RunCommand.Refusal("cannot read parameter file " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new RunCommand.Refusal("parameter file " + file + " line " + (i + 1) + ": expected NAME=VALUE");
            }
            out.put(line.substring(0, eq).strip(), line.substring(eq + 1));
        }
        return out;
    }

    private String fromStdin(String name) throws RunCommand.Refusal {
        try (InputStream in = sources.stdin()) {
            String text = utf8(in.readAllBytes(), "the value of parameter " + name + " on standard input");
            return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                    : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException e) {
            throw new RunCommand.Refusal("cannot read parameter " + name + " from standard input: " + e.getMessage());
        }
    }

    private static String utf8(byte[] bytes, String what) throws RunCommand.Refusal {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RunCommand.Refusal(what + " is not valid UTF-8");
        }
    }
}
