package dev.opsbook.web;

import dev.opsbook.audit.AuditUnavailableException;
import dev.opsbook.jdbc.DatabaseUnavailableException;
import dev.opsbook.jdbc.Outages;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The dashboard while opsbook's database does not answer: any request that fails because of it — reading the
 * sign-in session, starting a run, an approve click — is answered with a page (HTTP 503) saying "audit log
 * unavailable (PostgreSQL at H:P stopped answering): nothing was started or recorded; try again when it answers",
 * instead of an error page. It sits before the session filter, the first thing that reads the database. The
 * driver's message goes to the log.
 */
final class OutagePage extends OncePerRequestFilter {
    private static final Logger LOG = LoggerFactory.getLogger(OutagePage.class);

    private final WebPages pages;
    private final DataSource database;

    OutagePage(WebPages pages, DataSource database) {
        this.pages = pages;
        this.database = database;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (!isOutage(e)) {
                throw e;
            }
            String reason = "audit log unavailable (" + Outages.describe(database) + " stopped answering)";
            if (response.isCommitted()) { // the answer went out; saving the session after it failed
                LOG.warn("{} {} answered, but {}: {}", request.getMethod(), request.getRequestURI(), reason, rootMessage(e));
                return;
            }
            LOG.warn("{} {} not served, {}: {}", request.getMethod(), request.getRequestURI(), reason, rootMessage(e));
            Map<String, Object> scope = new LinkedHashMap<>();
            scope.put("title", "opsbook's database does not answer");
            scope.put("root", "/");
            scope.put("message", reason + ": nothing was started or recorded; try again when it answers.");
            scope.put("bad", true);
            response.reset();
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setContentType("text/html");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setHeader("Retry-After", "30");
            response.getWriter().write(pages.render("web-message.mustache", scope));
        }
    }

    static boolean isOutage(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof DatabaseUnavailableException || c instanceof AuditUnavailableException
                    || c instanceof DataAccessResourceFailureException) {
                return true;
            }
            if (c instanceof TransactionSystemException t && t.getApplicationException() != null // the rollback's failure
                    && isOutage(t.getApplicationException())) {                                  // hides the first one
                return true;
            }
        }
        return Outages.isOutage(e);
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.toString();
    }
}
