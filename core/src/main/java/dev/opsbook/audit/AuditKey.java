package dev.opsbook.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The Ed25519 key that signs the audit chain's head and its checkpoints (the JDK's own Ed25519). The
 * private key is a secret held outside the database ({@code audit-signing-key}: PKCS#8, base64 or PEM);
 * verifying needs only the public key (X.509, base64 or PEM), which is derived from the private one
 * when that is at hand. {@link #id()} names the key: 16 hex digits of the SHA-256 of its public key.
 */
public final class AuditKey {
    /** The secret's name: {@code OPSBOOK_SECRET_AUDIT_SIGNING_KEY} or a file of that name in the secrets directory. */
    public static final String SECRET_NAME = "audit-signing-key";

    private final Optional<PrivateKey> privateKey;
    private final PublicKey publicKey;
    private final String id;

    private AuditKey(Optional<PrivateKey> privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        try {
            this.id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new key pair (for {@code opsbook audit keygen}). */
    public static AuditKey generate() {
        try {
            KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new AuditKey(Optional.of(kp.getPrivate()), kp.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519", e);
        }
    }

    /** @throws IllegalArgumentException when {@code text} is not an Ed25519 private key in PKCS#8 */
    public static AuditKey fromPrivate(String text) {
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(decode(text)));
            byte[] seed = ((EdECPrivateKey) key).getBytes().orElseThrow();
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed)); // the public key of this seed
            return new AuditKey(Optional.of(key), g.generateKeyPair().getPublic());
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("the audit signing key is not an Ed25519 private key in PKCS#8"
                    + " (base64 or PEM; opsbook audit keygen makes one)");
        }
    }

    /** @throws IllegalArgumentException when {@code text} is not an Ed25519 public key in X.509 form */
    public static AuditKey fromPublic(String text) {
        try {
            return new AuditKey(Optional.empty(), KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(decode(text))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the audit public key is not an Ed25519 public key (X.509, base64 or PEM)");
        }
    }

    private static byte[] decode(String text) {
        String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    public String id() {
        return id;
    }

    public boolean canSign() {
        return privateKey.isPresent();
    }

    public String privateKeyText() {
        return Base64.getEncoder().encodeToString(privateKey.orElseThrow().getEncoded());
    }

    public String publicKeyText() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** Base64 Ed25519 signature of {@code message} (UTF-8). */
    public String sign(String message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey.orElseThrow(() -> new IllegalStateException("audit key " + id + ": no private key to sign with")));
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with audit key " + id + ": " + e.getMessage(), e);
        }
    }

    public boolean verifies(String message, String signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(publicKey);
            s.update(message.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** What a chain head signature covers. */
    public static String headMessage(long sequence, String hash) {
        return "opsbook audit head v1\n" + sequence + "\n" + hash;
    }

    /** Feeds the JDK's generator a given seed, so it computes that seed's public key. */
    private static final class SeedRandom extends SecureRandom {
        private final byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
