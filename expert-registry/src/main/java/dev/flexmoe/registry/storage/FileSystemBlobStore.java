package dev.flexmoe.registry.storage;

import java.io.BufferedOutputStream;
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
import org.apache.commons.io.IOUtils;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Blobs as files: {@code <root>/sha256/<first two hex digits>/<digest>}. A blob is written to
 * {@code <root>/tmp} while it is hashed, forced to disk, and renamed into place atomically (the
 * directory forced too), so a reader never sees a partial file and a crash leaves at most a
 * temporary file that the next start removes.
 */
public final class FileSystemBlobStore implements BlobStore {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /**
   * Large writes: a request stream hands out a few KiB per read, and each of them written as it
   * comes would cost a system call.
   */
  private static final int WRITE_BUFFER_BYTES = 1 << 17;

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
  public Staged stage(InputStream bytes) throws IOException {
    Path staging = Files.createTempFile(tmp, "upload", ".partial");
    try {
      MessageDigest digest = sha256Digest();
      long size;
      try (FileChannel channel = FileChannel.open(staging, StandardOpenOption.WRITE)) {
        OutputStream out =
            new DigestOutputStream(
                new BufferedOutputStream(Channels.newOutputStream(channel), WRITE_BUFFER_BYTES),
                digest);
        size = IOUtils.copyLarge(bytes, out, new byte[WRITE_BUFFER_BYTES]);
        out.flush();
        channel.force(true);
      }
      return new StagedFile(staging, HexFormat.of().formatHex(digest.digest()), size);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(staging);
      throw e;
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

  /** A received file in {@code tmp}, renamed into place by {@link #commit()}. */
  private final class StagedFile implements Staged {
    private final Path file;
    private final String sha256;
    private final long size;

    StagedFile(Path file, String sha256, long size) {
      this.file = file;
      this.sha256 = sha256;
      this.size = size;
    }

    @Override
    public String sha256() {
      return sha256;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public Path file() {
      return file;
    }

    @Override
    public void commit() throws IOException {
      Path target = pathOf(sha256);
      if (Files.exists(target)) {
        return;
      }
      Files.createDirectories(target.getParent());
      try {
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException concurrentWriterWon) {
        return;
      }
      forceDirectory(target.getParent());
    }

    @Override
    public void close() throws IOException {
      Files.deleteIfExists(file);
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
