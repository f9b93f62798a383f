package dev.flexmoe.registry.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Content-addressed storage of artifact bytes: a blob's name is the SHA-256 of its bytes, a blob is
 * visible only once complete, and storing the same bytes twice stores them once. Bytes arrive in
 * one pass: they are hashed while they are written to a temporary blob, which the caller can check
 * before committing it under its digest. The file system store is the embedded default; an
 * S3-compatible store can implement the same contract (write under a temporary key, copy to the
 * digest key).
 */
public interface BlobStore {

  /**
   * Writes {@code bytes} to a temporary blob, computing their SHA-256 on the way, and forces it to
   * disk. Nothing is visible until {@link Staged#commit()}.
   */
  Staged stage(InputStream bytes) throws IOException;

  /** The blob with this digest, if stored. */
  Optional<Blob> find(String sha256) throws IOException;

  /** Removes a blob; false when there was none. */
  boolean delete(String sha256) throws IOException;

  /** Writes, reads back and removes a probe, so a health check sees a store that cannot write. */
  void probe() throws IOException;

  /** A stored blob. */
  interface Blob {
    long size();

    /** Reads {@code length} bytes from {@code offset}. */
    InputStream open(long offset, long length) throws IOException;
  }

  /** Received bytes, not yet visible; closing a blob that was not committed removes it. */
  interface Staged extends Closeable {
    String sha256();

    long size();

    /** The bytes as a local file, to check them before they are committed. */
    Path file();

    /** Makes the bytes visible under their digest (once, if they are stored already). */
    void commit() throws IOException;
  }
}
