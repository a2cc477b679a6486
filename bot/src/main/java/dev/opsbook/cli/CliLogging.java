package dev.opsbook.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Logback's configuration for every opsbook JVM until Spring Boot takes over: warnings and errors only,
 * one line each on stderr, so that a CLI command's stdout is its output — or, for the commands that use
 * the database ({@link CliLog}), appended with time stamps and stack traces to {@code OPSBOOK_HOME/opsbook.log},
 * so the terminal shows opsbook's own one-line messages. Found by Logback through
 * {@code META-INF/services}; {@code opsbook serve} replaces it with Spring Boot's standard logging
 * ({@code logging.*}, {@code logging.structured.format.console}). A {@code logback.configurationFile}
 * system property still wins.
 */
public final class CliLogging extends ContextAwareBase implements Configurator {
    /**
     * The engine (core) logs through {@link System.Logger}, which is JUL here: its warnings take this format too,
     * instead of JUL's two-line console records. Spring Boot re-installs the same bridge when {@code serve} starts.
     */
    private static void routeJdkLogging() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String file = System.getProperty(CliLog.PROPERTY);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(file == null ? "%level %logger{36}: %msg%n" : "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %level %logger{36}: %msg%n");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender;
        if (file == null) {
            ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
            stderr.setTarget("System.err");
            appender = stderr;
        } else {
            FileAppender<ILoggingEvent> log = new FileAppender<>();
            log.setFile(file);
            log.setAppend(true);
            appender = log;
        }
        appender.setContext(context);
        appender.setName("cli");
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
        routeJdkLogging();
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
