package dev.opsbook.people;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A {@link PeopleSource} read from a file, re-read whenever its modification time or size changes (checked on each
 * question, which costs one {@code stat}), so an edit takes effect on the next command without a restart. A missing
 * file has no people. A file that no longer parses keeps the last good entries, and {@link #problem()} says why;
 * a file that never parsed throws its error on the first question (the CLI stops with it; {@code serve} logs it)
 * and has no people until it is fixed.
 */
public final class WatchedFile implements PeopleSource {
    private final Path file;
    private final BiFunction<String, String, List<Member>> parser;
    private Object stamp = "none";
    private List<Member> people = List.of();
    private Optional<String> problem = Optional.empty();
    private boolean readOnce;

    private WatchedFile(Path file, BiFunction<String, String, List<Member>> parser) {
        this.file = file;
        this.parser = parser;
    }

    /** {@code people.yaml} (see {@link PeopleFileFormat}). */
    public static WatchedFile peopleYaml(Path file) {
        return new WatchedFile(file, PeopleFileFormat::parse);
    }

    /** The legacy {@code groups.properties}: {@code group = id, id}. */
    public static WatchedFile groupsProperties(Path file) {
        return new WatchedFile(file, GroupsPropertiesFormat::parse);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized List<Member> people() {
        if (readOnce && "none".equals(stamp) && !Files.exists(file)) {
            return people; // still missing (asked without the exception the attribute read throws: once per command)
        }
        Object now;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            now = a.lastModifiedTime().toMillis() + ":" + a.size() + ":" + a.fileKey();
        } catch (NoSuchFileException e) {
            now = "none";
        } catch (IOException e) {
            problem = Optional.of("cannot read " + file + ": " + e.getMessage());
            return people;
        }
        if (now.equals(stamp) && readOnce) {
            return people;
        }
        boolean first = !readOnce;
        stamp = now;
        readOnce = true;
        try {
            people = now.equals("none") ? List.of() : parser.apply(Files.readString(file), file.toString());
            problem = Optional.empty();
        } catch (IOException e) {
            problem = Optional.of("cannot read " + file + ": " + e.getMessage());
            if (first) {
                throw new IllegalArgumentException(problem.get(), e);
            }
        } catch (IllegalArgumentException e) {
            problem = Optional.of(e.getMessage());
            if (first) {
                throw e;
            }
        }
        return people;
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public synchronized Optional<String> problem() {
        return problem;
    }
}
