package dev.opsbook.site;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The site's Mustache templates and static assets. A file in the user's template folder wins over
 * the default of the same name bundled in the jar (copied from the repository's {@code templates/}).
 * {@link #fingerprint()} changes whenever any template or asset the site uses changes.
 */
final class Templates {
    static final String DEFAULTS = "dev/opsbook/site/templates/";
    static final List<String> TEMPLATES = List.of("layout-head.mustache", "layout-foot.mustache", "home.mustache",
            "runbook.mustache", "step-card.mustache", "owners.mustache", "data.mustache", "graph.mustache",
            "scorecard.mustache", "search.mustache");
    static final List<String> ASSETS = List.of("assets/site.css", "assets/site.js", "assets/search.js");

    private final Optional<Path> userDir;
    private final DefaultMustacheFactory factory;
    private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();
    private final String fingerprint;

    Templates(Optional<Path> userDir) {
        this.userDir = userDir;
        this.factory = new DefaultMustacheFactory(new Resolver());
        MessageDigest digest = Fingerprint.sha256();
        for (String name : TEMPLATES) {
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update(bytes(name));
        }
        for (String name : ASSETS) {
            digest.update(bytes(name));
        }
        this.fingerprint = HexFormat.of().formatHex(digest.digest());
    }

    String fingerprint() {
        return fingerprint;
    }

    String render(String template, Object scope) {
        Mustache m = compiled.computeIfAbsent(template, factory::compile);
        StringWriter out = new StringWriter(16_384);
        m.execute(out, scope);
        return out.toString();
    }

    /** The bytes of a template or asset; throws naming both places looked in when it is in neither. */
    byte[] bytes(String name) {
        if (userDir.isPresent()) {
            Path file = userDir.get().resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    return Files.readAllBytes(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read template " + file + ": " + e.getMessage(), e);
                }
            }
        }
        byte[] bundled = BUNDLED.computeIfAbsent(name, Templates::bundled);
        if (bundled.length == 0 && !name.isEmpty()) {
            throw new IllegalStateException("template \"" + name + "\" is missing: not in "
                    + userDir.map(Path::toString).orElse("(no --templates folder)") + " nor among the bundled defaults");
        }
        return bundled;
    }

    private static final Map<String, byte[]> BUNDLED = new ConcurrentHashMap<>();

    /** A bundled template or asset; empty when there is none of that name. */
    private static byte[] bundled(String name) {
        try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(DEFAULTS + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Resolver implements MustacheResolver {
        @Override
        public Reader getReader(String resourceName) {
            String name = resourceName.endsWith(".mustache") ? resourceName : resourceName + ".mustache";
            try {
                return new StringReader(new String(bytes(name), StandardCharsets.UTF_8));
            } catch (IllegalStateException missing) {
                return null;
            }
        }
    }

}
