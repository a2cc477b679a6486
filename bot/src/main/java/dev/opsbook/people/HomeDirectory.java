package dev.opsbook.people;

import dev.opsbook.jdbc.JdbcPeople;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The directory every door uses, in the order its sources win an account: {@code OPSBOOK_HOME/people.yaml}, the
 * legacy {@code OPSBOOK_HOME/groups.properties}, the database (people added at run time), then {@code configured}
 * (the server's {@code opsbook.chat.*} and {@code opsbook.web.users.*.groups} properties, kept for compatibility),
 * with {@code platforms}' groups merged in.
 */
public final class HomeDirectory {
    public static final String PEOPLE_FILE = "people.yaml";
    public static final String LEGACY_GROUPS_FILE = "groups.properties";

    private HomeDirectory() {}

    public static PeopleDirectory open(Path home, DataSource database, List<PeopleSource> configured,
                                       List<PlatformGroups> platforms) {
        return open(home, new JdbcPeople(database), configured, platforms);
    }

    /** {@code database}: the database part (a server keeps its answer for a moment: {@link JdbcPeople}). */
    public static PeopleDirectory open(Path home, JdbcPeople database, List<PeopleSource> configured,
                                       List<PlatformGroups> platforms) {
        List<PeopleSource> sources = new ArrayList<>();
        sources.add(WatchedFile.peopleYaml(home.resolve(PEOPLE_FILE)));
        sources.add(WatchedFile.groupsProperties(home.resolve(LEGACY_GROUPS_FILE)));
        sources.add(database);
        sources.addAll(configured);
        return new PeopleDirectory(sources, platforms, home.resolve(PEOPLE_FILE) + " or on the dashboard's People page (/people)");
    }

    /** The database part of {@code directory}, where run-time changes go. */
    public static JdbcPeople database(PeopleDirectory directory) {
        return directory.sources().stream().filter(JdbcPeople.class::isInstance).map(JdbcPeople.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("this directory has no database part"));
    }
}
