package dev.flexmoe.prodguard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What marks a configuration as the development one: the development JWT public key (by the SHA-256
 * of its X.509 encoding, so that a copy elsewhere is recognised too), its issuer, and the
 * properties that point a service at the development signing keys.
 */
final class DevelopmentKeys {

  /** SHA-256 of expert-registry/dev-keys/jwt-public.pem's X.509 (DER) encoding. */
  static final String PUBLIC_KEY_SHA256 =
      "98283d05358b4cba9c8fc124ba712365dc1c15302f029bf8864b87431ee9490d";

  static final String ISSUER = "flexmoe-dev";

  /** Set only where the development keys may sign (test and embedded profiles). */
  static final List<String> SIGNING_PROPERTIES =
      List.of("flexmoe.dev-keys", "flexmoe.registry.dev-keys", "registry.dev-keys");

  static final String KEY_LOCATION = "mp.jwt.verify.publickey.location";
  static final String ISSUER_PROPERTY = "mp.jwt.verify.issuer";

  private DevelopmentKeys() {}

  /** Why {@code config} is a development configuration; empty when it is not. */
  static List<String> findings(Map<String, String> config) {
    List<String> findings = new ArrayList<>();
    if (ISSUER.equals(config.get(ISSUER_PROPERTY))) {
      findings.add(ISSUER_PROPERTY + " is the development issuer '" + ISSUER + "'");
    }
    String location = config.get(KEY_LOCATION);
    if (location != null && isDevelopmentKey(Path.of(location.replaceFirst("^file:", "")))) {
      findings.add(KEY_LOCATION + " (" + location + ") is the development public key");
    }
    for (String property : SIGNING_PROPERTIES) {
      if (config.get(property) != null && !config.get(property).isBlank()) {
        findings.add(property + " is set: development keys would sign tokens");
      }
    }
    return findings;
  }

  private static boolean isDevelopmentKey(Path pem) {
    if (!Files.isRegularFile(pem)) {
      return false; // the JWT extension reports a missing key itself
    }
    try {
      String base64 =
          Files.readString(pem, StandardCharsets.US_ASCII)
              .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
              .replaceAll("\\s", "");
      byte[] der = Base64.getDecoder().decode(base64);
      return PUBLIC_KEY_SHA256.equals(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)));
    } catch (IOException | IllegalArgumentException e) {
      return false;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
