package dev.opsbook.slack;

import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import dev.opsbook.chatops.AcknowledgementsFirst;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /slack/events}: slash commands, Events API callbacks and interactivity payloads.
 * Reads the raw body (the signature covers its exact bytes), refuses unsigned, forged and stale
 * requests with 401 before anything else happens, refuses bodies that are not the shape Slack sends
 * with 400 and one log line ({@link SlackBodies}; the body itself never reaches the log), then hands
 * the request to Bolt.
 *
 * <p>A servlet filter ahead of every other filter, not a Spring MVC controller: requests are authenticated
 * by their signature alone, so the dashboard's security filter chain, the HTTP observations around it and
 * the dispatcher servlet only cost time while Slack waits for the acknowledgement (they were most of it in
 * the ack profile, docs/chat-setup.md). Other methods than POST go on to the rest of the server.
 */
final class SlackEventsEndpoint implements Filter {
    static final String PATH = "/slack/events";
    private static final Logger LOG = LoggerFactory.getLogger(SlackEventsEndpoint.class);

    private final App app;
    private final SlackRequestParser parser;
    private final SlackRequestVerifier verifier;
    private final AcknowledgementsFirst acks;

    SlackEventsEndpoint(App app, SlackRequestVerifier verifier, AcknowledgementsFirst acks) {
        this.app = app;
        this.parser = new SlackRequestParser(app.config());
        this.verifier = verifier;
        this.acks = acks;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse out
                && "POST".equals(http.getMethod())) { // the container maps this filter to PATH only
            try (var ack = acks.acknowledging()) { // the chat work waits for it (AcknowledgementsFirst)
                events(http, out);
            } catch (IOException | ServletException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ServletException("Bolt failed on a Slack request", e);
            }
            return;
        }
        chain.doFilter(request, response);
    }

    private void events(HttpServletRequest http, HttpServletResponse out) throws Exception {
        String body = body(http);
        Optional<String> problem = verifier.problem(http.getHeader(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP),
                http.getHeader(SlackSignature.HeaderNames.X_SLACK_SIGNATURE), body);
        if (problem.isPresent()) {
            LOG.warn("refused a Slack request from {}: {}", http.getRemoteAddr(), problem.get());
            write(out, Response.json(401, Map.of("error", "invalid request")));
            return;
        }
        SlackBodies.Verdict.Dispatch dispatch;
        switch (SlackBodies.check(http.getContentType(), body)) {
            case SlackBodies.Verdict.Malformed m -> {
                LOG.warn("refused a malformed Slack request from {} ({} bytes): {}", http.getRemoteAddr(), body.length(), m.reason());
                write(out, Response.json(400, Map.of("error", m.reason())));
                return;
            }
            case SlackBodies.Verdict.Notice n -> {
                LOG.warn("{}", n.what());
                write(out, Response.ok());
                return;
            }
            case SlackBodies.Verdict.Dispatch d -> dispatch = d;
        }
        Request<?> request;
        try {
            request = dispatch.slashCommand() ? slashCommand(http, body, dispatch.form()) : parser.parse(SlackRequestParser.HttpRequest.builder()
                    .requestUri(http.getRequestURI())
                    .queryString(Map.of())
                    .headers(new RequestHeaders(headers(http)))
                    .requestBody(body)
                    .remoteAddress(http.getRemoteAddr())
                    .build());
        } catch (RuntimeException e) {
            LOG.warn("refused a Slack request from {} that Bolt could not read: {}", http.getRemoteAddr(), e.getClass().getSimpleName());
            request = null;
        }
        if (request == null) {
            write(out, Response.json(400, Map.of("error", "not a Slack request opsbook understands")));
            return;
        }
        write(out, app.run(request));
    }

    /**
     * A slash command built from the form {@link SlackBodies} already decoded, as Bolt's parser builds it (a field
     * with an empty value is left unset there too); Bolt's parser would decode the body twice more with regular
     * expressions, the largest share of the acknowledgement's allocation in the profile (docs/chat-setup.md).
     */
    private SlashCommandRequest slashCommand(HttpServletRequest http, String body, Map<String, String> form) {
        RequestHeaders headers = new RequestHeaders(headers(http));
        SlashCommandRequest request = new SlashCommandRequest(body, slashCommandPayload(form), headers);
        request.updateContext(app.config());
        String forwardedFor = headers.getFirstValue("X-FORWARDED-FOR");
        request.setClientIpAddress(forwardedFor != null ? forwardedFor : http.getRemoteAddr());
        return request;
    }

    static SlashCommandPayload slashCommandPayload(Map<String, String> form) {
        SlashCommandPayload p = new SlashCommandPayload();
        BiConsumer<String, Consumer<String>> set = (name, setter) -> {
            String value = form.get(name);
            if (value != null && !value.isEmpty()) {
                setter.accept(value);
            }
        };
        set.accept("token", p::setToken);
        set.accept("team_id", p::setTeamId);
        set.accept("team_domain", p::setTeamDomain);
        set.accept("enterprise_id", p::setEnterpriseId);
        set.accept("enterprise_name", p::setEnterpriseName);
        set.accept("api_app_id", p::setApiAppId);
        set.accept("channel_id", p::setChannelId);
        set.accept("channel_name", p::setChannelName);
        set.accept("user_id", p::setUserId);
        set.accept("user_name", p::setUserName);
        set.accept("command", p::setCommand);
        set.accept("text", p::setText);
        set.accept("response_url", p::setResponseUrl);
        set.accept("trigger_id", p::setTriggerId);
        return p;
    }

    /** The raw body, read into an array of its declared length (the default read buffers 16 KB per request). */
    private static String body(HttpServletRequest http) throws IOException {
        long length = http.getContentLengthLong();
        if (length < 0 || length > 1 << 20) {
            return new String(http.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        byte[] bytes = http.getInputStream().readNBytes((int) length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> headers(HttpServletRequest http) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(http.getHeaderNames())) {
            headers.put(name, Collections.list(http.getHeaders(name)));
        }
        return headers;
    }

    private static void write(HttpServletResponse out, Response response) throws IOException {
        out.setStatus(response.getStatusCode());
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, values) -> values.forEach(v -> out.addHeader(name, v)));
        }
        if (response.getContentType() != null) {
            out.setContentType(response.getContentType());
        }
        if (response.getBody() != null) {
            byte[] bytes = response.getBody().getBytes(StandardCharsets.UTF_8);
            out.setContentLength(bytes.length); // not chunked although flushed early
            out.getOutputStream().write(bytes);
        }
        out.flushBuffer(); // on its way now, not once the filter chain unwinds
    }
}
