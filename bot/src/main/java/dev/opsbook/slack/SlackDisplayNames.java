package dev.opsbook.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.model.User;
import dev.opsbook.chat.ChatUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The names Slack users are shown by in threads, replies and audit labels: the profile's display
 * name, else the real name, else the user name, from {@code users.info} (scope {@code users:read}),
 * kept for {@code ttl} and then asked again. When Slack cannot be asked, the last known name is used,
 * else the name the delivery carried (a slash command's {@code user_name}), else the id — and Slack is
 * asked again after a minute. Call it after acknowledging: it may wait for Slack.
 */
final class SlackDisplayNames {
    private static final Logger LOG = LoggerFactory.getLogger(SlackDisplayNames.class);
    private static final Duration RETRY = Duration.ofMinutes(1);

    private record Known(Optional<String> name, Instant askAgainAt) {}

    private final MethodsClient slack;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    SlackDisplayNames(MethodsClient slack, Clock clock, Duration ttl) {
        this.slack = slack;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The Slack user {@code userId}, named as above; {@code carried} is the name the delivery itself gave (may be null). */
    ChatUser user(String userId, String carried) {
        return new ChatUser(SlackChatGateway.PLATFORM, userId, name(userId).or(() -> Optional.ofNullable(carried)).orElse(userId));
    }

    private Optional<String> name(String userId) {
        Instant now = clock.instant();
        Known cached = known.get(userId);
        if (cached != null && now.isBefore(cached.askAgainAt())) {
            return cached.name();
        }
        try {
            UsersInfoResponse response = slack.usersInfo(r -> r.user(userId));
            if (!response.isOk() || response.getUser() == null) {
                throw new IllegalStateException("users.info answered `" + response.getError() + "`"
                        + ("missing_scope".equals(response.getError()) ? " (add the users:read scope)" : ""));
            }
            Optional<String> name = shown(response.getUser());
            known.put(userId, new Known(name, now.plus(ttl)));
            return name;
        } catch (Exception e) {
            LOG.warn("no Slack display name for {}: {}", userId, e.toString());
            Optional<String> last = cached == null ? Optional.empty() : cached.name();
            known.put(userId, new Known(last, now.plus(RETRY)));
            return last;
        }
    }

    private static Optional<String> shown(User user) {
        if (user.getProfile() != null && notBlank(user.getProfile().getDisplayName())) {
            return Optional.of(user.getProfile().getDisplayName());
        }
        if (notBlank(user.getRealName())) {
            return Optional.of(user.getRealName());
        }
        return Optional.ofNullable(user.getName()).filter(SlackDisplayNames::notBlank);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
