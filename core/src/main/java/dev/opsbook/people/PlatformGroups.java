package dev.opsbook.people;

import java.util.Set;

/**
 * Groups a platform knows for one of its accounts: Slack user groups ({@code @dba} → {@code dba}), Discord roles,
 * an identity provider's group claim. Contract: never fails and never blocks for long; unknown accounts have none.
 */
public interface PlatformGroups {
    /** The account kind these groups belong to: {@code slack}, {@code discord} or {@code web}. */
    String platform();

    Set<String> groupsOf(String account);
}
