package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.Parameter;
import dev.opsbook.runbook.Step;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code undeclared-variable}: a shell step reads a variable that nothing provides. Provided are
 * the runbook's parameters (as {@link Parameter#envName()}), its secrets, the step's secrets, the
 * engine's {@code OPSBOOK_*} variables, ordinary process variables, shell built-ins, and whatever
 * the script sets itself.
 */
final class VariableRule {
    /** What the execution engine sets for every step (the contract in docs/runbook-format.md). */
    static final Set<String> RUNNER_VARIABLES = Set.of("OPSBOOK_RUN_ID", "OPSBOOK_STEP_ID", "OPSBOOK_RUNBOOK_ID",
            "OPSBOOK_SERVICE", "OPSBOOK_WORKDIR", "OPSBOOK_RUNBOOK_DIR", "OPSBOOK_ARTIFACTS", "OPSBOOK_SANDBOX", "OPSBOOK_DRY_RUN",
            "OPSBOOK_DRILL_ID", "OPSBOOK_BACKUP_ID", "OPSBOOK_BACKUP_LOCATION", "OPSBOOK_BACKUP_SHA256",
            "HOME", "PATH", "USER", "PWD", "TMPDIR", "HOSTNAME", "LANG");
    private static final Set<String> SHELL_BUILTINS = Set.of("RANDOM", "SECONDS", "LINENO", "BASH_SOURCE",
            "BASH_REMATCH", "BASH_VERSION", "BASHPID", "PIPESTATUS", "FUNCNAME", "IFS", "OLDPWD", "UID", "EUID",
            "PPID", "REPLY", "OPTARG", "OPTIND", "SHELL", "SHLVL", "EPOCHSECONDS", "EPOCHREALTIME", "HOSTTYPE",
            "OSTYPE", "MACHTYPE", "GROUPS", "DIRSTACK", "COLUMNS", "LINES");
    private static final Set<String> SHELLS = Set.of("bash", "sh", "shell", "zsh", "ksh", "dash");

    private final Findings findings;

    VariableRule(Findings findings) {
        this.findings = findings;
    }

    void check(List<Step> steps, List<Parameter> parameters, List<String> secrets) {
        Set<String> declared = new HashSet<>(RUNNER_VARIABLES);
        declared.addAll(SHELL_BUILTINS);
        parameters.forEach(p -> declared.add(p.envName()));
        declared.addAll(secrets);
        for (Step s : steps) {
            String shell = s.interpreter().strip().split("\\s+")[0];
            if (!SHELLS.contains(s.language()) && !SHELLS.contains(shell.substring(shell.lastIndexOf('/') + 1))) {
                continue;
            }
            Set<String> known = new HashSet<>(declared);
            known.addAll(s.secrets());
            known.addAll(ShellVariables.assigned(s.code()));
            int codeLine = s.position().line() + 1;
            for (Map.Entry<String, Integer> read : ShellVariables.read(s.code()).entrySet()) {
                if (known.contains(read.getKey())) {
                    continue;
                }
                String before = s.code().substring(0, read.getValue());
                int line = codeLine + (int) before.chars().filter(c -> c == '\n').count();
                int column = read.getValue() - before.lastIndexOf('\n');
                findings.at(findings.source().clamp(line, column), Rule.UNDECLARED_VARIABLE, "step '" + s.id()
                        + "' uses $" + read.getKey() + ", which is not declared: add a parameter named '"
                        + read.getKey().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                        + "' (or list it under secrets), or set it in the script");
            }
        }
    }
}
