package dev.flexmoe.data.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Fetches a package tarball from the npm registry, checked against the registry's own metadata: the
 * tarball must match the version's {@code dist.integrity} (Subresource Integrity, sha512) and
 * {@code dist.shasum} (SHA-1), the same checks {@code npm pack} makes.
 */
final class NpmRegistry {

  static final URI DEFAULT = URI.create("https://registry.npmjs.org/");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Downloads downloads;
  private final URI registry;

  NpmRegistry(Downloads downloads, URI registry) {
    this.downloads = downloads;
    this.registry = registry;
  }

  void download(NpmPackage source, Path target) throws IOException {
    URI metadataUri = registry.resolve(source.name() + "/" + source.version());
    byte[] metadata = downloads.getOrNull(metadataUri);
    if (metadata == null) {
      throw new IOException(
          "the npm registry has no " + source.pin() + " (" + metadataUri + " answered 404)");
    }
    JsonNode dist = JSON.readTree(metadata).path("dist");
    String tarball = dist.path("tarball").asText(null);
    if (tarball == null) {
      throw new IOException(metadataUri + " names no dist.tarball for " + source.pin());
    }
    downloads.getToFile(URI.create(tarball), target);
    verify(source, target, dist.path("integrity").asText(null), dist.path("shasum").asText(null));
  }

  /**
   * Checks the tarball against the registry's {@code integrity} ("sha512-BASE64", possibly several
   * space-separated) and {@code shasum} (hex SHA-1); at least one of them must be present.
   */
  static void verify(NpmPackage source, Path tarball, String integrity, String shasum)
      throws IOException {
    boolean checked = false;
    if (integrity != null) {
      for (String entry : integrity.trim().split("\\s+")) {
        int dash = entry.indexOf('-');
        String algorithm = dash < 0 ? "" : entry.substring(0, dash);
        String jdkName =
            switch (algorithm) {
              case "sha512" -> "SHA-512";
              case "sha384" -> "SHA-384";
              case "sha256" -> "SHA-256";
              case "sha1" -> "SHA-1";
              default -> null;
            };
        if (jdkName == null) {
          continue;
        }
        byte[] expected = Base64.getDecoder().decode(entry.substring(dash + 1));
        require(source, "dist.integrity", expected, Digests.digest(tarball, jdkName));
        checked = true;
      }
    }
    if (shasum != null) {
      require(
          source, "dist.shasum", HexFormat.of().parseHex(shasum), Digests.digest(tarball, "SHA-1"));
      checked = true;
    }
    if (!checked) {
      throw new IOException(
          "the npm registry gives no usable integrity or shasum for " + source.pin());
    }
  }

  private static void require(NpmPackage source, String field, byte[] expected, byte[] actual)
      throws IOException {
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new IOException(
          "the tarball of "
              + source.pin()
              + " does not match the registry's "
              + field
              + ": the download is corrupt or was tampered with");
    }
  }
}
