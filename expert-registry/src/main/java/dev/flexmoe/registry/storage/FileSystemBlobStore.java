package dev.flexmoe.registry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Blobs as files: {@code <root>/sha256/<first two hex digits>/<digest>}. A blob is written to
 * {@code <root>/tmp}, forced to disk, checked against its digest and renamed into place atomically
 * (the directory forced too), so a reader never sees a partial file and a crash leaves at most a
 * temporary file that the next start removes.
 */
public final class FileSystemBlobStore implements BlobStore {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Path root;
  private final Path tmp;

  public FileSystemBlobStore(Path root) throws IOException {
    this.root = root.toAbsolutePath();
    this.tmp = this.root.resolve("tmp");
    Files.createDirectories(tmp);
    Files.createDirectories(this.root.resolve("sha256"));
    try (var leftovers = Files.list(tmp)) {
      for (Path leftover : (Iterable<Path>) leftovers::iterator) {
        Files.deleteIfExists(leftover);
      }
    }
  }

  @Override
  public void put(Path source, String sha256) throws IOException {
    Path target = pathOf(sha256);
    if (Files.exists(target)) {
      return;
    }
    Path staging = Files.createTempFile(tmp, sha256.substring(0, 8), ".partial");
    try {
      MessageDigest digest = sha256Digest();
      try (FileChannel channel = FileChannel.open(staging, StandardOpenOption.WRITE)) {
        try (OutputStream out =
                new DigestOutputStream(Channels.newOutputStream(channel), digest) {
                  @Override
                  public void close() {
                    // the channel is closed below, after forcing it to disk
                  }
                };
            InputStream in = Files.newInputStream(source)) {
          in.transferTo(out);
        }
        channel.force(true);
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(sha256)) {
        throw new BlobDigestMismatchException(sha256, actual);
      }
      Files.createDirectories(target.getParent());
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException concurrentWriterWon) {
        return;
      }
      forceDirectory(target.getParent());
    } finally {
      Files.deleteIfExists(staging);
    }
  }

  @Override
  public Optional<Blob> find(String sha256) throws IOException {
    Path file = pathOf(sha256);
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(new FileBlob(file, size));
  }

  @Override
  public boolean delete(String sha256) throws IOException {
    return Files.deleteIfExists(pathOf(sha256));
  }

  @Override
  public void probe() throws IOException {
    Path probe = Files.createTempFile(tmp, "probe", ".tmp");
    try {
      Files.write(probe, new byte[] {1}, StandardOpenOption.SYNC);
      if (Files.readAllBytes(probe).length != 1) {
        throw new IOException("the blob store at " + root + " did not read back what it wrote");
      }
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  private Path pathOf(String sha256) {
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a SHA-256: " + sha256);
    }
    return root.resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private record FileBlob(Path file, long size) implements Blob {
    @Override
    public InputStream open(long offset, long length) throws IOException {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      channel.position(offset);
      return BoundedInputStream.builder()
          .setInputStream(Channels.newInputStream(channel))
          .setMaxCount(length)
          .get();
    }
  }
}
