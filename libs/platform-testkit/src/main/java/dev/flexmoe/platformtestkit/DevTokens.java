package dev.flexmoe.platformtestkit;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Set;

/**
 * Bearer tokens signed with the development key, as the test and embedded profiles of every service
 * accept them (issuer {@code flexmoe-dev}).
 */
public final class DevTokens {

  private static final Path PRIVATE_KEY = Path.of("../expert-registry/dev-keys/jwt-private.pem");

  private DevTokens() {}

  /** {@code "Bearer <jwt>"} for {@code subject} with one role. */
  public static String bearer(String subject, String role) {
    try {
      return "Bearer "
          + Jwt.issuer("flexmoe-dev")
              .subject(subject)
              .upn(subject)
              .groups(Set.of(role))
              .expiresIn(Duration.ofMinutes(30))
              .sign(KeyUtils.decodePrivateKey(Files.readString(PRIVATE_KEY)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(PRIVATE_KEY + " is not a PKCS#8 key", e);
    }
  }
}
