package dev.opsbook.people;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/** The legacy {@code groups.properties} ({@code sre = alice, bob}), read as part of the directory. */
final class GroupsPropertiesFormat {
    private GroupsPropertiesFormat() {}

    static List<Member> parse(String text, String file) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            String group;
            try {
                group = Member.group(key);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage());
            }
            for (String id : p.getProperty(key).split(",")) {
                if (!id.isBlank()) {
                    groups.computeIfAbsent(id.strip(), k -> new LinkedHashSet<>()).add(group);
                }
            }
        }
        List<Member> people = new ArrayList<>();
        groups.forEach((id, g) -> {
            try {
                people.add(new Member(id, Map.of(), g, file));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage());
            }
        });
        return people;
    }
}
