package dev.flexmoe.training.service;

import dev.flexmoe.model.artifact.ExpertSignatures;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The owner's Ed25519 key pair, in the files {@code flexmoe expert keygen} writes: {@code
 * PREFIX.key} (private, PKCS#8 PEM, 0600) and {@code PREFIX.pub} (public, X.509 PEM), with {@code
 * training.key-prefix} as PREFIX. Made on the first start when absent. The public half is what the
 * registry is given; the private half never leaves its file.
 */
@Startup
@ApplicationScoped
public class OwnerKey {

  private static final Logger LOG = Logger.getLogger(OwnerKey.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  @Inject TrainingConfig config;

  private byte[] privateKey;
  private String publicPem;

  @PostConstruct
  void load() {
    Path privateFile = Path.of(config.keyPrefix() + ".key");
    Path publicFile = Path.of(config.keyPrefix() + ".pub");
    try {
      if (!Files.exists(privateFile)) {
        create(privateFile, publicFile);
      }
      if (!OWNER_ONLY.containsAll(Files.getPosixFilePermissions(privateFile))) {
        LOG.warnf("the owner's private key %s is readable by others: chmod 600 it", privateFile);
      }
      privateKey = ExpertSignatures.parsePrivateKey(Files.readString(privateFile));
      publicPem = Files.readString(publicFile);
      ExpertSignatures.parsePublicKey(publicPem);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the owner's key " + privateFile, e);
    }
  }

  /** The public key as PEM (X.509), as the registry takes it. */
  public String publicPem() {
    return publicPem;
  }

  /** The base64 Ed25519 signature of {@code message}. */
  public String sign(byte[] message) {
    return Base64.getEncoder().encodeToString(ExpertSignatures.sign(privateKey, message));
  }

  private static void create(Path privateFile, Path publicFile) throws IOException {
    Files.createDirectories(privateFile.toAbsolutePath().getParent());
    KeyPair pair = ExpertSignatures.generateKeyPair();
    Files.writeString(
        publicFile, ExpertSignatures.pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    // Staged with 0600 from its creation, then moved: never readable by others, never half-written.
    Path staged = privateFile.resolveSibling(privateFile.getFileName() + ".new");
    Files.deleteIfExists(staged);
    Files.createFile(staged, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.writeString(staged, ExpertSignatures.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Files.move(staged, privateFile, StandardCopyOption.ATOMIC_MOVE);
    LOG.infof("made the owner's signing key %s (public half %s)", privateFile, publicFile);
  }
}
