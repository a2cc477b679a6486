package dev.opsbook.chat;

import dev.opsbook.audit.Actor;

/** Who asked for something from chat: the chat user and the opsbook identity they map to. */
public record Requester(ChatUser user, Identity identity) {
    public Requester {
        if (user == null || identity == null) {
            throw new IllegalArgumentException("a requester needs a chat user and an identity");
        }
    }

    public Actor actor() {
        return user.actor();
    }
}
