package dev.opsbook.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscordRolesTest {
    @Test
    void roleNamesBecomeGroupNamesLowerCasedWithDashesAndEveryoneIsNoGroup() {
        assertThat(DiscordRoles.groups(Set.of("SRE", "DBA On Call", "@everyone", " storefront-leads ", "☕")))
                .containsExactlyInAnyOrder("sre", "dba-on-call", "storefront-leads");
    }
}
