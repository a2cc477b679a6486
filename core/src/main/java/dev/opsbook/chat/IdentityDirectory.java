package dev.opsbook.chat;

/**
 * Maps chat users to opsbook identities. Contract: never fails for an unknown user; such a user
 * gets an identity named after their platform key ({@code slack:U123}) and no groups, so they can
 * ask questions but match no runbook's runners or approvers.
 */
@FunctionalInterface
public interface IdentityDirectory {
    Identity identify(ChatUser user);
}
