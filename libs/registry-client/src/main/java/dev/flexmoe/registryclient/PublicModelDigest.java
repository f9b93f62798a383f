package dev.flexmoe.registryclient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The digest by which the registry knows a public model: the SHA-256 of the lines {@code <name>
 * <sha256>\n} of its files, sorted by name, as {@code flexmoe inspect} computes it. It is written
 * here again because the services that download do not all depend on {@code libs/model}; the
 * merge-service's {@code ArtifactLayoutAgreementTest} holds the two to the same answer.
 */
public final class PublicModelDigest {

  private PublicModelDigest() {}

  /** The digest of the files whose SHA-256 (lowercase hex) is given by name. */
  public static String of(Map<String, String> sha256ByName) {
    StringBuilder listing = new StringBuilder();
    new TreeMap<>(sha256ByName)
        .forEach((name, sha256) -> listing.append(name).append(' ').append(sha256).append('\n'));
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(digest.digest(listing.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
