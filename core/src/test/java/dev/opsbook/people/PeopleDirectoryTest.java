package dev.opsbook.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeopleDirectoryTest {
    @TempDir
    Path home;

    private PeopleDirectory directory(PlatformGroups... platforms) {
        return new PeopleDirectory(List.of(WatchedFile.peopleYaml(home.resolve("people.yaml")),
                WatchedFile.groupsProperties(home.resolve("groups.properties"))), List.of(platforms), "people.yaml");
    }

    @Test
    void peopleYamlMapsChatAccountsAndWebLoginsToOneIdAndGroupsWrittenEitherWayMerge() throws IOException {
        Files.writeString(home.resolve("people.yaml"), """
                people:
                  alice:
                    name: Alice Liddell
                    slack: U0ALICE
                    discord: 112233445566778899
                    web: alice@example.com
                    groups: [dba]
                  bob: {}
                groups:
                  sre: [alice, bob]
                  "@leads": bob
                """);
        PeopleDirectory people = directory();
        assertThat(people.identify(new ChatUser("slack", "U0ALICE", "Alice"))).isEqualTo(new Identity("alice", Set.of("dba", "sre")));
        assertThat(people.identify(new ChatUser("discord", "112233445566778899", "al")).id()).isEqualTo("alice");
        assertThat(people.identify(new ChatUser("web", "alice@example.com", "x")).id()).isEqualTo("alice");
        assertThat(people.groupsOf("bob")).containsExactlyInAnyOrder("sre", "leads");
        assertThat(people.groups()).containsEntry("sre", Set.of("alice", "bob"));
        // strangers: a chat user nobody mapped keeps their platform key; a web login is its own id
        assertThat(people.identify(new ChatUser("slack", "U0NOBODY", "n"))).isEqualTo(new Identity("slack:U0NOBODY", Set.of()));
        assertThat(people.identify(new ChatUser("web", "carol", "c"))).isEqualTo(new Identity("carol", Set.of()));
    }

    @Test
    void theLegacyGroupsPropertiesCountsAndAnEditIsSeenWithoutARestart() throws IOException {
        Path legacy = home.resolve("groups.properties");
        Files.writeString(legacy, "sre = alice, bob\n@storefront-leads = bob\n");
        PeopleDirectory people = directory();
        assertThat(people.groupsOf("bob")).containsExactlyInAnyOrder("sre", "storefront-leads");
        Files.writeString(legacy, "sre = alice\n");
        Files.setLastModifiedTime(legacy, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(people.groupsOf("bob")).isEmpty();
        Files.writeString(home.resolve("people.yaml"), "groups:\n  sre: [bob]\n");
        assertThat(people.groupsOf("bob")).containsExactly("sre");
    }

    @Test
    void aBadFileSaysWhereAndWhyAndABadEditKeepsTheLastGoodVersion() throws IOException {
        Path file = home.resolve("people.yaml");
        Files.writeString(file, "people:\n  alice:\n    slak: U1\n");
        assertThatThrownBy(() -> directory().everyone()).hasMessage(file + ":3:5: unknown key `slak` for alice"
                + " (use slack, discord, web, groups, name)");
        Files.writeString(file, "groups:\n  sre: [alice]\n  'bad group': [bob]\n");
        assertThatThrownBy(() -> directory().everyone()).hasMessageStartingWith(file + ":3:3: a group name is");
        Files.writeString(file, "groups: [sre\n");
        PeopleDirectory broken = directory();
        assertThatThrownBy(broken::everyone).hasMessageStartingWith(file + ":").hasMessageContaining("not valid YAML");
        // asked again (a server that logged the error and went on): nobody from that file, and the problem is kept
        assertThat(broken.everyone()).isEmpty();
        assertThat(broken.problems()).singleElement().asString().contains("not valid YAML");

        Files.writeString(file, "groups:\n  sre: [alice]\n");
        PeopleDirectory people = directory();
        assertThat(people.groupsOf("alice")).containsExactly("sre");
        Files.writeString(file, "groups:\n  sre: [alice\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(people.groupsOf("alice")).containsExactly("sre");
        assertThat(people.problems()).singleElement().asString().contains("not valid YAML");
    }

    @Test
    void anAccountClaimedTwiceBelongsToTheFirstSourceAndPlatformGroupsCountForTheIdWhoeverAsks() throws IOException {
        Files.writeString(home.resolve("people.yaml"), "people:\n  alice:\n    slack: U1\n");
        PeopleSource later = new PeopleSource() {
            @Override
            public List<Member> people() {
                return List.of(new Member("mallory", Map.of("slack", "U1"), Set.of("admin"), "the database"));
            }

            @Override
            public String describe() {
                return "the database";
            }
        };
        PlatformGroups slackGroups = new PlatformGroups() {
            @Override
            public String platform() {
                return "slack";
            }

            @Override
            public Set<String> groupsOf(String account) {
                return account.equals("U1") ? Set.of("dba") : Set.of();
            }
        };
        PeopleDirectory people = new PeopleDirectory(List.of(WatchedFile.peopleYaml(home.resolve("people.yaml")), later),
                List.of(slackGroups), "people.yaml");
        assertThat(people.identify(new ChatUser("slack", "U1", "x")).id()).isEqualTo("alice");
        assertThat(people.groupsOf("alice")).containsExactly("dba");
        assertThat(people.find("mallory").orElseThrow().accounts()).isEmpty();
        assertThat(people.matches("alice", "@dba")).isTrue();
        assertThat(people.matches("mallory", "@dba")).isFalse();
    }

    @Test
    void idsAndGroupNamesAreChecked() {
        assertThatThrownBy(() -> new Member("../etc", Map.of(), Set.of(), "")).hasMessageContaining("opsbook id");
        assertThatThrownBy(() -> new Member("alice", Map.of("email", "a@b"), Set.of(), "")).hasMessageContaining("unknown account kind");
        assertThatThrownBy(() -> Member.group("a b")).hasMessageContaining("group name");
        assertThat(Member.group("@sre")).isEqualTo("sre");
    }

    @Test
    void aSourceThatAnswersANewListIsMergedAgainAndAMissingFileThatAppearsCounts() throws IOException {
        List<List<Member>> answers = new java.util.ArrayList<>(List.of(
                List.of(new Member("dave", Map.of("slack", "U4"), Set.of("ops"), "the database")),
                List.of(new Member("dave", Map.of("slack", "U4"), Set.of("ops", "sre"), "the database"))));
        PeopleSource database = new PeopleSource() {
            @Override
            public List<Member> people() {
                return answers.size() > 1 ? answers.removeFirst() : answers.getFirst();
            }

            @Override
            public String describe() {
                return "the database";
            }
        };
        Path file = home.resolve("people.yaml");
        PeopleDirectory people = new PeopleDirectory(List.of(WatchedFile.peopleYaml(file), database), List.of(), "people.yaml");
        assertThat(people.groupsOf("dave")).containsExactly("ops");
        assertThat(people.groupsOf("dave")).containsExactly("ops", "sre");
        assertThat(people.groupsOf("dave")).containsExactly("ops", "sre");
        assertThat(people.groupsOf("erin")).isEmpty();
        Files.writeString(file, "groups:\n  sre: [erin]\n");
        assertThat(people.groupsOf("erin")).containsExactly("sre");
        Files.delete(file);
        assertThat(people.groupsOf("erin")).isEmpty();
    }
}
