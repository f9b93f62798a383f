package dev.flexmoe.registryclient;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The bearer token this service shows the registry: the configured one in production, or, in the
 * test and embedded profiles (where {@code flexmoe.registry.dev-keys} is set), one it signs itself
 * with the development key, renewed well before it expires. Nothing is read or signed before the
 * first download, so a service that never downloads needs neither.
 */
@ApplicationScoped
public class ServiceToken {

  private static final Duration LIFETIME = Duration.ofMinutes(30);

  @ConfigProperty(name = "flexmoe.registry.token")
  Optional<String> configured;

  @ConfigProperty(name = "flexmoe.registry.dev-keys")
  Optional<Path> devKeys;

  @ConfigProperty(name = "quarkus.application.name")
  String service;

  /**
   * Whom a development token speaks for: the service itself by default; a data owner's training
   * service speaks for its owner (role {@code owner}), since uploads are the owner's.
   */
  @ConfigProperty(name = "flexmoe.registry.dev-subject")
  Optional<String> devSubject;

  @ConfigProperty(name = "flexmoe.registry.dev-role", defaultValue = "service")
  String devRole;

  private String minted;
  private Instant renewAt = Instant.MIN;

  public synchronized String bearer() {
    if (configured.isPresent() && !configured.get().isBlank()) {
      return "Bearer " + configured.get();
    }
    if (devKeys.isEmpty()) {
      throw new IllegalStateException(
          "flexmoe.registry.token is not set: the registry refuses callers without a service"
              + " token");
    }
    Instant now = Instant.now();
    if (now.isAfter(renewAt)) {
      minted =
          Jwt.issuer("flexmoe-dev")
              .subject(devSubject.orElse(service))
              .upn(devSubject.orElse(service))
              .groups(Set.of(devRole))
              .expiresIn(LIFETIME)
              .sign(developmentKey());
      renewAt = now.plus(LIFETIME.dividedBy(2));
    }
    return "Bearer " + minted;
  }

  private PrivateKey developmentKey() {
    Path pem = devKeys.get().resolve("jwt-private.pem");
    try {
      return KeyUtils.decodePrivateKey(Files.readString(pem));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the development key " + pem, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(pem + " is not a PKCS#8 key", e);
    }
  }
}
