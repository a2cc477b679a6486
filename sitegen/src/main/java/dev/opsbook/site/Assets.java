package dev.opsbook.site;

import java.util.List;

/** The static files of the site: the template folder's assets and lunr from its webjar. */
final class Assets {
    static final String LUNR_RESOURCE = "META-INF/resources/webjars/lunr/2.3.9/lunr.min.js";

    private Assets() {}

    static void jobs(Templates templates, List<SiteGenerator.PageJob> jobs) {
        for (String name : Templates.ASSETS) {
            byte[] bytes = templates.bytes(name);
            jobs.add(new SiteGenerator.PageJob(name, Fingerprint.of(name, java.util.HexFormat.of()
                    .formatHex(Fingerprint.sha256().digest(bytes))), () -> bytes));
        }
        jobs.add(new SiteGenerator.PageJob("assets/lunr.min.js", "lunr-2.3.9", Assets::lunr));
    }

    private static byte[] lunr() {
        try (var in = Assets.class.getClassLoader().getResourceAsStream(LUNR_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("lunr.min.js is missing from the class path (org.webjars.npm:lunr:2.3.9)");
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
