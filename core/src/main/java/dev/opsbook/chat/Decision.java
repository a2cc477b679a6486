package dev.opsbook.chat;

/** An approver's answer to an approval request. */
public enum Decision {
    APPROVE,
    REJECT
}
