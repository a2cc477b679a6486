package dev.opsbook.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import dev.opsbook.chat.ChatDeliveryException;
import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.MessageRef;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * {@link ChatGateway} over Slack's Web API: chat.postMessage (with {@code thread_ts}),
 * chat.update, files.uploadV2 (getUploadURLExternal + completeUploadExternal) and reactions.add.
 * HTTP 429 becomes a retryable {@link ChatDeliveryException} carrying Retry-After, so the caller
 * (the run mirror) waits without holding a thread; Slack errors that will not change on retry
 * ({@code channel_not_found}, {@code not_in_channel}, {@code invalid_auth}, …) are permanent.
 */
final class SlackChatGateway implements ChatGateway {
    static final String PLATFORM = "slack";
    private static final Set<String> TRANSIENT = Set.of("ratelimited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout", "team_added_to_org");

    private final MethodsClient slack;

    SlackChatGateway(MethodsClient slack) {
        this.slack = slack;
    }

    @Override
    public MessageRef post(ChatThread where, ChatMessage message) {
        Rendered rendered = Rendered.of(message);
        ChatPostMessageResponse response = call("chat.postMessage", () -> slack.chatPostMessage(r -> r
                .channel(where.channel())
                .threadTs(where.threadId().orElse(null))
                .text(rendered.text())
                .blocks(rendered.blocks())));
        return new MessageRef(PLATFORM, response.getChannel(), response.getTs());
    }

    @Override
    public void update(MessageRef message, ChatMessage replacement) {
        Rendered rendered = Rendered.of(replacement);
        call("chat.update", () -> slack.chatUpdate(r -> r
                .channel(message.channel())
                .ts(message.messageId())
                .text(rendered.text())
                .blocks(rendered.blocks())));
    }

    @Override
    public void upload(ChatThread where, String fileName, byte[] content, String comment) {
        call("files.uploadV2", () -> slack.filesUploadV2(r -> r
                .channel(where.channel())
                .threadTs(where.threadId().orElse(null))
                .filename(fileName)
                .title(fileName)
                .fileData(content)
                .initialComment(comment)));
    }

    @Override
    public void react(MessageRef message, String emoji) {
        try {
            call("reactions.add", () -> slack.reactionsAdd(r -> r
                    .channel(message.channel()).timestamp(message.messageId()).name(emoji)));
        } catch (ChatDeliveryException e) {
            if (!e.getMessage().contains("`already_reacted`")) { // a retried mark
                throw e;
            }
        }
    }

    /** {@code no_reaction} (already gone) is not an error. */
    @Override
    public void unreact(MessageRef message, String emoji) {
        try {
            call("reactions.remove", () -> slack.reactionsRemove(r -> r
                    .channel(message.channel()).timestamp(message.messageId()).name(emoji)));
        } catch (ChatDeliveryException e) {
            if (!e.getMessage().contains("`no_reaction`")) {
                throw e;
            }
        }
    }

    /** Rendering happens before any call: a message Slack cannot be given is a permanent failure, not an outage. */
    private record Rendered(String text, java.util.List<com.slack.api.model.block.LayoutBlock> blocks) {
        static Rendered of(ChatMessage message) {
            try {
                return new Rendered(BlockKit.fallback(message), BlockKit.render(message));
            } catch (RuntimeException e) {
                throw new ChatDeliveryException("cannot render a message for Slack: " + e, false, java.util.Optional.empty(), e);
            }
        }
    }

    @FunctionalInterface
    private interface SlackCall<T extends SlackApiTextResponse> {
        T send() throws IOException, SlackApiException;
    }

    private static <T extends SlackApiTextResponse> T call(String method, SlackCall<T> call) {
        T response;
        try {
            response = call.send();
        } catch (SlackApiException e) {
            if (e.getResponse().code() == 429) {
                throw ChatDeliveryException.rateLimited(method + " was rate limited by Slack (HTTP 429)",
                        retryAfter(e.getResponse().header("Retry-After")));
            }
            boolean retry = e.getResponse().code() >= 500;
            throw new ChatDeliveryException(method + " failed with HTTP " + e.getResponse().code(), retry,
                    java.util.Optional.empty(), e);
        } catch (IOException e) {
            throw ChatDeliveryException.transientFailure(method + " could not reach Slack: " + e.getMessage(), e);
        } catch (Exception e) {
            throw ChatDeliveryException.transientFailure(method + " failed: " + e, e);
        }
        if (!response.isOk()) {
            String error = response.getError();
            throw new ChatDeliveryException(method + " answered error `" + error + "`", TRANSIENT.contains(error),
                    java.util.Optional.empty(), null);
        }
        return response;
    }

    static Duration retryAfter(String header) {
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(header == null ? "" : header.trim())));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(30);
        }
    }
}
