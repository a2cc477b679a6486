package dev.opsbook.server;

import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.ApprovalMessageIndex;
import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.MirrorSettings;
import dev.opsbook.chat.PlatformGateway;
import dev.opsbook.chat.PlatformGateways;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.chat.RunbookOperations;
import dev.opsbook.chat.SeenDeliveries;
import dev.opsbook.engine.Engine;
import dev.opsbook.jdbc.JdbcApprovalMessageIndex;
import dev.opsbook.jdbc.JdbcSeenDeliveries;
import dev.opsbook.web.DashboardThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Platform-neutral chat beans: router, identities, dedupe store, run mirror and its threads.
 * The dedupe store and the approval message index live in the engine's database, so any number of
 * replicas share them (docs/replicas.md).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatProperties.class)
public class ChatConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Runs chat commands after they were acknowledged. The work is mostly waiting on HTTP (the
     * reply, the engine), hence 16 threads; the queue is bounded so a flood is refused with a
     * "busy" acknowledgement instead of piling up.
     */
    @Bean(destroyMethod = "shutdown")
    ExecutorService chatExecutor() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(16, 16, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(2000),
                Thread.ofPlatform().name("opsbook-chat-", 1).daemon(true).factory());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService chatScheduler() {
        return new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("opsbook-chat-mirror").daemon(true).factory());
    }

    @Bean
    SeenDeliveries seenDeliveries(Engine engine, Clock clock, ChatProperties settings) {
        return new JdbcSeenDeliveries(engine.database().dataSource(), clock, settings.dedupeWindow());
    }

    @Bean
    ApprovalMessageIndex approvalMessageIndex(Engine engine, Clock clock) {
        return new JdbcApprovalMessageIndex(engine.database().dataSource(), clock, Duration.ofDays(30));
    }

    @Bean
    CommandRouter commandRouter(RunbookOperations operations, dev.opsbook.people.PeopleDirectory identities) {
        return new CommandRouter(operations, identities);
    }

    @Bean
    ChatGateway chatGateway(List<PlatformGateway> platforms) {
        Map<String, ChatGateway> gateways = platforms.stream()
                .collect(Collectors.toMap(PlatformGateway::platform, PlatformGateway::gateway));
        gateways.putIfAbsent("web", new DashboardThreads()); // dashboard runs: the run page shows them, nothing to post
        return new PlatformGateways(gateways);
    }

    @Bean
    RunThreadMirror runThreadMirror(ChatGateway chatGateway, Clock clock, ChatProperties settings,
                                    ApprovalMessageIndex approvals,
                                    @Qualifier("chatScheduler") ScheduledExecutorService scheduler) {
        RunThreadMirror mirror = new RunThreadMirror(chatGateway, clock,
                MirrorSettings.DEFAULTS.withRunPageBase(settings.runPageBase()), approvals);
        mirror.start(scheduler, Duration.ofMillis(200));
        return mirror;
    }

    @Bean
    Announcements announcements(ChatGateway chatGateway, ChatProperties settings) {
        return new Announcements(chatGateway, Announcements.parseChannels(settings.alertsChannels()));
    }

    @Bean
    ChatAdaptersReport chatAdaptersReport(List<PlatformGateway> platforms,
                                          org.springframework.core.env.Environment environment) {
        return new ChatAdaptersReport(platforms, environment);
    }
}
