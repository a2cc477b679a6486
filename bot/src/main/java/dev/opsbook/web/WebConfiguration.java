package dev.opsbook.web;

import dev.opsbook.chatops.EngineRunbookOperations;
import dev.opsbook.engine.Engine;
import dev.opsbook.people.ObservedGroups;
import dev.opsbook.people.PeopleDirectory;
import dev.opsbook.reload.RunbookLibrary;
import dev.opsbook.reload.RunbookWatcher;
import dev.opsbook.runbook.RunbooksReloaded;
import dev.opsbook.server.AfterReadiness;
import dev.opsbook.server.ChatProperties;
import dev.opsbook.server.EngineProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The served product: runbooks kept loaded and reloaded on change ({@link RunbooksReloaded} is published as an
 * application event after each reload; its subscribers read the directory themselves once, after readiness), the
 * living site generated into {@code OPSBOOK_HOME/site} and served at {@code /}, run pages with live output, and the
 * dashboard's actions.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebProperties.class)
public class WebConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService webScheduler() {
        return new ScheduledThreadPoolExecutor(2, Thread.ofPlatform().name("opsbook-web-", 1).daemon(true).factory());
    }

    @Bean
    RunbookLibrary runbookLibrary(ChatProperties chat) {
        return new RunbookLibrary(chat.runbooks());
    }

    @Bean
    SiteFolders siteFolders(EngineProperties engine) {
        Path home = engine.home().toAbsolutePath();
        return new SiteFolders(home.resolve("site"), ServedTemplates.write(home.resolve("site-templates")));
    }

    @Bean
    WebPages webPages(SiteFolders folders) {
        return new WebPages(folders.templates());
    }

    @Bean
    LiveSite liveSite(RunbookLibrary library, Engine engine, SiteFolders folders, Clock clock,
                      @Qualifier("webScheduler") ScheduledExecutorService scheduler, WebProperties web) {
        return new LiveSite(library, engine.audit(), () -> engine.audit().head().sequence(), folders.site(),
                folders.templates(), clock, scheduler, web.refreshDebounce());
    }

    /**
     * Loads the runbooks, builds the site (before serving on a first start; on a later start, which serves the site its
     * last run built, right after readiness: {@link AfterReadiness}), then watches both for changes.
     */
    @Bean(destroyMethod = "close")
    RunbookWatcher runbookWatcher(RunbookLibrary library, Engine engine, LiveSite site, WebProperties web,
                                  @Qualifier("webScheduler") ScheduledExecutorService scheduler,
                                  ApplicationEventPublisher events, AfterReadiness afterReadiness) {
        RunbookWatcher watcher = new RunbookWatcher(library, engine.audit(), scheduler, web.refreshDebounce(), reloaded -> {
            events.publishEvent(reloaded);
            site.requested();
        });
        watcher.start(web.gitPoll());
        if (Files.isRegularFile(site.directory().resolve("index.html"))) {
            afterReadiness.add("site", site::build);
        } else {
            site.build();
        }
        site.pollHistory(web.historyPoll());
        return watcher;
    }

    @Bean
    RunFeeds runFeeds(Engine engine, @Qualifier("webScheduler") ScheduledExecutorService scheduler) {
        RunFeeds feeds = new RunFeeds(engine.settings().runsDir(), engine.output(), scheduler, Duration.ofSeconds(1),
                Duration.ofMillis(250));
        engine.observe(feeds);
        return feeds;
    }

    @Bean
    ReadinessCheck opsbook(Engine engine, RunbookLibrary library, LiveSite site, AfterReadiness afterReadiness) {
        return new ReadinessCheck(engine.database().dataSource(), library, site, afterReadiness);
    }

    @Bean
    IncidentPages incidentPages(Engine engine, dev.opsbook.alert.Incidents incidents, WebPages pages) {
        return new IncidentPages(engine.audit(), incidents, pages);
    }

    @Bean
    RunPages runPages(Engine engine, RunbookLibrary library, RunFeeds feeds, WebPages pages, WebRequester requesters,
                      EngineRunbookOperations operations) {
        return new RunPages(engine, library, feeds, pages, requesters, operations);
    }

    @Bean
    WebRequester webRequester(PeopleDirectory people, @Qualifier("webSignInGroups") ObservedGroups signInGroups) {
        return new WebRequester(people, signInGroups);
    }

    @Bean
    RunActions runActions(EngineRunbookOperations operations, RunbookLibrary library, WebPages pages,
                          WebRequester requesters) {
        return new RunActions(operations, library, pages, requesters);
    }

    @Bean
    RunbookPages runbookPages(LiveSite site, RunbookLibrary library, EngineRunbookOperations operations,
                              WebRequester requesters) {
        return new RunbookPages(site, library, operations, requesters);
    }

    @Bean
    PeoplePages peoplePages(WebRequester requesters, WebPages pages, Engine engine, Clock clock) {
        return new PeoplePages(requesters, pages, engine.audit(), clock);
    }

    @Bean
    SignInPages signInPages(WebPages pages, WebProperties settings) {
        return new SignInPages(pages, settings);
    }

    @Bean
    WebMvcConfigurer servedSite(LiveSite site) {
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler("/web-assets/**")
                        .addResourceLocations("classpath:/" + ServedTemplates.BUNDLED + "web-assets/");
                registry.addResourceHandler("/**").addResourceLocations(site.directory().toUri().toString()).setCachePeriod(0);
            }

            @Override
            public void addViewControllers(ViewControllerRegistry registry) {
                registry.addViewController("/").setViewName("forward:/index.html");
            }
        };
    }
}
