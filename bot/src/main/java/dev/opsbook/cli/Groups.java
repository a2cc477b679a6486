package dev.opsbook.cli;

import dev.opsbook.approval.Directory;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/** Group membership for {@code @group} approvers and runners from a properties file: {@code dba = alice, bob}. */
final class Groups {
    private Groups() {}

    static Directory load(Path file) {
        if (!Files.isRegularFile(file)) {
            return Directory.EMPTY;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read groups from " + file + ": " + e.getMessage(), e);
        }
        Map<String, Set<String>> members = new LinkedHashMap<>();
        for (String group : p.stringPropertyNames()) {
            members.put(group.startsWith("@") ? group.substring(1) : group, Arrays.stream(p.getProperty(group).split(","))
                    .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet()));
        }
        return Directory.of(members);
    }
}
