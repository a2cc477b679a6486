package dev.opsbook.cli;

import dev.opsbook.audit.AuditKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code opsbook audit keygen --out DIR}: makes an Ed25519 audit key: {@code DIR/audit-signing-key} (private,
 * mode 0600, a secret like any other) and {@code DIR/audit-signing-key.pub} (for verifiers:
 * {@code OPSBOOK_AUDIT_PUBLIC_KEY}). Refuses to overwrite an existing key.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true, description = "Make an Ed25519 key that signs the audit chain.")
final class AuditKeygenCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where to write audit-signing-key and audit-signing-key.pub.")
    Path dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path secret = dir.resolve(AuditKey.SECRET_NAME);
        Path pub = dir.resolve(AuditKey.SECRET_NAME + ".pub");
        if (Files.exists(secret)) {
            err.println("error: " + secret + " exists; move it away first (a new key cannot verify the old checkpoints)");
            err.flush();
            return AuditCommand.OUTPUT_ERROR;
        }
        AuditKey key = AuditKey.generate();
        try {
            Files.createDirectories(dir);
            Files.writeString(Files.createFile(secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                    key.privateKeyText() + "\n");
            Files.writeString(pub, key.publicKeyText() + "\n");
        } catch (IOException e) {
            err.println("error: cannot write the audit key to " + dir + ": " + e.getMessage());
            err.flush();
            return AuditCommand.OUTPUT_ERROR;
        }
        out.println("audit key " + key.id() + ": private key in " + secret + " (keep it outside the database host's reach),"
                + " public key in " + pub);
        out.flush();
        return AuditCommand.OK;
    }
}
