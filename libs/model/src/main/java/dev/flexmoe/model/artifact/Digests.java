package dev.flexmoe.model.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** SHA-256 identities of files and of directories of files, as lowercase hex. */
public final class Digests {

  private Digests() {}

  public static String sha256(Path file) {
    MessageDigest digest = newDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  /**
   * The identity of a set of files: the SHA-256 of the lines {@code <name> <sha256>} sorted by
   * name. Renaming the directory or copying it elsewhere keeps the identity; changing any byte of
   * any file changes it.
   */
  public static String ofFiles(Path dir, String... names) {
    Map<String, String> digests = new TreeMap<>();
    for (String name : names) {
      digests.put(name, sha256(dir.resolve(name)));
    }
    return ofFileDigests(digests);
  }

  /**
   * The same identity from each file's SHA-256 by name, for a reader that hashed the files while
   * receiving them.
   */
  public static String ofFileDigests(Map<String, String> sha256ByName) {
    StringBuilder listing = new StringBuilder();
    new TreeMap<>(sha256ByName)
        .forEach((name, sha) -> listing.append(name).append(' ').append(sha).append('\n'));
    return sha256(listing.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
