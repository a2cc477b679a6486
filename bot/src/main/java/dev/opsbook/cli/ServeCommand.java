package dev.opsbook.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code opsbook serve}: the long-running server (site, dashboard, chat adapters, schedules, failover controller) on the execution engine. The only
 * subcommand that starts Spring; it returns when the server shuts down.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the opsbook server: the living site and dashboard at / (sign-in; a generated admin password"
                        + " is printed on first start), run pages with live output, chat adapters, schedules, the failover"
                        + " controller, /actuator/health and /actuator/prometheus.",
                "Slack: SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP, POST /slack/events) or SLACK_APP_TOKEN (Socket Mode);"
                        + " SLACK_API_URL overrides the Web API prefix.",
                "Discord: DISCORD_BOT_TOKEN. Without tokens the server starts with chat disabled.",
                "Runs: OPSBOOK_RUNBOOKS (default runbooks), OPSBOOK_DB_URL/_USER/_PASSWORD (default: embedded PostgreSQL"
                        + " in OPSBOOK_HOME/db), OPSBOOK_HOME (default .opsbook).",
                "Alerts: OPSBOOK_ALERTS_CHANNELS (slack:C0123,discord:9876) for scheduled runs, misfires, integrity"
                        + " incidents, drill results and failover proposals. More in docs/web.md, docs/schedules.md,"
                        + " docs/failover.md, docs/replicas.md."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", description = "HTTP port (default 8080, or SERVER_PORT).")
    Integer port;

    @Unmatched
    List<String> springArguments = new ArrayList<>();

    /**
     * {@code serve [--port N | --port=N] [Spring arguments]}, read without picocli: its ~175 classes are Java 5 class
     * files, which the JVM's AOT cache does not hold, so building the command line costs every server start about
     * 0.2 s of loading and verifying them. Anything else (help, version, a port that is not a number, a repeated
     * {@code --port}, {@code --}, an {@code @file}) is empty: picocli reads it and answers as it always does.
     */
    static java.util.Optional<ServeCommand> readPlain(String[] args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            return java.util.Optional.empty();
        }
        ServeCommand serve = new ServeCommand();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String value;
            if (arg.equals("--port") && i + 1 < args.length) {
                value = args[++i];
            } else if (arg.startsWith("--port=")) {
                value = arg.substring("--port=".length());
            } else if (arg.startsWith("-") && !arg.startsWith("--") || arg.equals("--") || arg.equals("--help")
                    || arg.equals("--version") || arg.equals("--port") || arg.startsWith("@")) {
                return java.util.Optional.empty();
            } else {
                serve.springArguments.add(arg);
                continue;
            }
            if (serve.port != null || !value.matches("[0-9]{1,9}")) {
                return java.util.Optional.empty();
            }
            serve.port = Integer.valueOf(value);
        }
        return java.util.Optional.of(serve);
    }

    @Override
    public Integer call() throws InterruptedException {
        // the server logs the Spring Boot way (its LoggingSystem replaces CliLogging's configuration);
        // the embedded database, started by the engine bean, is stopped last, by the engine (see EmbeddedServer)
        dev.opsbook.jdbc.Database.stopEmbeddedLast();
        List<String> args = new ArrayList<>(springArguments);
        if (port != null) {
            args.add("--server.port=" + port);
        }
        CountDownLatch closed = new CountDownLatch(1);
        org.springframework.boot.SpringApplication app =
                new org.springframework.boot.SpringApplication(dev.opsbook.server.OpsbookServer.class);
        // the database (embedded PostgreSQL start, schema check) opens on its own thread while the context is built
        dev.opsbook.server.EarlyDatabase.listenTo(app);
        // an anonymous class, not a lambda: Spring reads the event type from it instead of offering it every event
        app.addListeners(new org.springframework.context.ApplicationListener<org.springframework.context.event.ContextClosedEvent>() {
            @Override
            public void onApplicationEvent(org.springframework.context.event.ContextClosedEvent event) {
                closed.countDown();
            }
        });
        String readyMarker = System.getProperty("opsbook.aot.ready-marker");
        if (readyMarker != null) { // bin/opsbook records serve's AOT cache: keep it only from a run that got ready
            app.addListeners(new org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationReadyEvent>() {
                @Override
                public void onApplicationEvent(org.springframework.boot.context.event.ApplicationReadyEvent event) {
                    try {
                        java.nio.file.Files.writeString(java.nio.file.Path.of(readyMarker), "ready\n");
                    } catch (java.io.IOException | RuntimeException e) {
                        // without the marker the launcher records the cache again next time: nothing else depends on it
                    }
                }
            });
        }
        app.run(args.toArray(String[]::new));
        closed.await();
        return 0;
    }
}
