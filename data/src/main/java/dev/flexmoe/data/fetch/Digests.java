package dev.flexmoe.data.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Message digests of files and bytes, as lower-case hex. */
public final class Digests {

  private Digests() {}

  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digester("SHA-256").digest(bytes));
  }

  public static String sha256(Path file) throws IOException {
    return HexFormat.of().formatHex(digest(file, "SHA-256"));
  }

  /** {@code algorithm} as the JDK names it: SHA-1, SHA-256, SHA-512. */
  static byte[] digest(Path file, String algorithm) throws IOException {
    MessageDigest digest = digester(algorithm);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return digest.digest();
  }

  private static MessageDigest digester(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK lacks " + algorithm, e);
    }
  }
}
