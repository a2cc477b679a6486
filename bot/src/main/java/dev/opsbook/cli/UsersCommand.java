package dev.opsbook.cli;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.jdbc.JdbcStoredUsers;
import dev.opsbook.web.StoredUsers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * {@code opsbook users add NAME [--groups a,b]}: adds a web sign-in user; the password is read from the first line of
 * standard input (so it never appears in the shell history or the process list) and only its BCrypt hash is stored.
 */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Web sign-in users (see docs/web.md).",
        subcommands = UsersCommand.Add.class)
public final class UsersCommand implements Runnable {
    static final int MIN_PASSWORD = 12;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a web user; reads the password (at least " + MIN_PASSWORD + " characters) from stdin.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:added", "2:invalid command line or password",
                "3:the database is unavailable", "4:a user of that name exists"})
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "The user's opsbook id (what runbooks name as runner or approver).")
        String name;

        @Option(names = "--groups", split = ",", paramLabel = "GROUP", description = "Groups the user belongs to (e.g. dba,oncall).")
        List<String> groups = List.of();

        @Option(names = "--as", paramLabel = "USER", description = "Who adds the user, for the audit log (default: $USER).")
        String as;

        @Spec
        CommandSpec spec;

        final Map<String, String> env;
        final InputStream in;

        Add() {
            this(System.getenv(), System.in);
        }

        Add(Map<String, String> env, InputStream in) {
            this.env = env;
            this.in = in;
        }

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (password == null || password.strip().length() < MIN_PASSWORD) {
                err.println("error: give the password (at least " + MIN_PASSWORD + " characters) on standard input,"
                        + " e.g. `opsbook users add " + name + " < password-file`");
                err.flush();
                return 2;
            }
            List<String> clean = groups.stream().map(String::strip).filter(g -> !g.isEmpty())
                    .map(g -> g.startsWith("@") ? g.substring(1) : g).toList();
            StoredUsers.StoredUser user;
            try {
                user = new StoredUsers.StoredUser(name, PasswordEncoderFactories.createDelegatingPasswordEncoder()
                        .encode(password.strip()), clean, Clock.systemUTC().instant(), "cli");
            } catch (IllegalArgumentException e) {
                err.println("error: " + e.getMessage());
                err.flush();
                return 2;
            }
            return RunEngine.session(env, out, err, engine -> {
                Actor actor = Identity.of(as, env);
                try {
                    new JdbcStoredUsers(engine.engine.database().dataSource()).add(user);
                } catch (IllegalStateException exists) {
                    throw new RunCommand.Refusal(exists.getMessage());
                }
                engine.engine.audit().append(new AuditEvent(actor, AuditActions.AUTH_USER_ADDED, Optional.empty(),
                        Optional.empty(), Optional.empty(), Map.of(), "ok", Optional.empty(), Optional.empty(),
                        Map.of("user", name, "groups", String.join(",", clean))));
                out.println("added web user " + name + (clean.isEmpty() ? "" : " (groups " + String.join(", ", clean) + ")")
                        + "; they can sign in at opsbook serve's /sign-in");
                return 0;
            });
        }
    }
}
