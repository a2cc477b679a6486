package dev.opsbook.web;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheResolver;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders the server's own pages ({@code web-*.mustache} in the repository's {@code templates/}) with the same head
 * and foot as the generated site, taken from the served template folder first and the bundled defaults second.
 */
final class WebPages {
    private final DefaultMustacheFactory factory;
    private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();

    WebPages(Path served) {
        MustacheResolver resolver = name -> {
            Path file = served.resolve(name);
            try {
                return Files.isRegularFile(file) ? new StringReader(Files.readString(file))
                        : new StringReader(ServedTemplates.bundled(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        this.factory = new DefaultMustacheFactory(resolver);
    }

    /** The HTML of {@code template} (e.g. {@code web-run.mustache}) for {@code scope} (values HTML-escaped). */
    String render(String template, Object scope) {
        Mustache m = compiled.computeIfAbsent(template, factory::compile);
        StringWriter out = new StringWriter(8192);
        m.execute(out, scope);
        return out.toString();
    }
}
