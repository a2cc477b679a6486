package dev.opsbook.web;

import dev.opsbook.engine.Engine;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sign-in sessions in PostgreSQL (Spring Session's tables, created by our Flyway migration V12), so every replica
 * accepts a session cookie any replica issued — no sticky sessions needed. The session lives in the {@code
 * OPSBOOK_SESSION} cookie (HttpOnly, SameSite=Lax, Secure behind HTTPS) and expires after {@code
 * opsbook.web.session-timeout} without a request (8 h by default); expired sessions are deleted every 5 minutes.
 */
@Configuration(proxyBeanMethods = false)
public class WebSessionConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(WebSessionConfiguration.class);
    static final String COOKIE = "OPSBOOK_SESSION";

    @Bean
    JdbcIndexedSessionRepository webSessions(Engine engine, WebProperties settings,
                                             @Qualifier("webScheduler") ScheduledExecutorService scheduler) {
        DataSource dataSource = engine.database().dataSource();
        JdbcIndexedSessionRepository sessions = new JdbcIndexedSessionRepository(new JdbcTemplate(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
        new PostgreSqlJdbcIndexedSessionRepositoryCustomizer().customize(sessions);
        sessions.setDefaultMaxInactiveInterval(settings.sessionTimeout());
        sessions.setCleanupCron("-"); // cleaned up on the web scheduler below instead of a thread of its own
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                sessions.cleanUpExpiredSessions();
            } catch (RuntimeException e) {
                LOG.warn("cannot delete expired sign-in sessions now: {}", e.getMessage());
            }
        }, 5, 5, TimeUnit.MINUTES);
        return sessions;
    }

    /** Before the session filter: a request the database's outage fails is answered with a page saying so (503). */
    @Bean
    FilterRegistrationBean<OutagePage> webOutagePage(WebPages pages, Engine engine) {
        FilterRegistrationBean<OutagePage> registration = new FilterRegistrationBean<>(
                new OutagePage(pages, engine.database().dataSource()));
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER - 1);
        return registration;
    }

    /** Before Spring Security's filters, so the security context is read from and saved to the shared session. */
    @Bean
    FilterRegistrationBean<SessionRepositoryFilter<?>> webSessionFilter(JdbcIndexedSessionRepository sessions) {
        SessionRepositoryFilter<?> filter = new SessionRepositoryFilter<>(sessions);
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName(COOKIE);
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Lax");
        CookieHttpSessionIdResolver resolver = new CookieHttpSessionIdResolver();
        resolver.setCookieSerializer(cookie);
        filter.setHttpSessionIdResolver(resolver);
        FilterRegistrationBean<SessionRepositoryFilter<?>> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER);
        return registration;
    }
}
