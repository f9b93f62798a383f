package dev.flexmoe.registry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Content-addressed storage of artifact bytes: a blob's name is the SHA-256 of its bytes, a blob is
 * visible only once complete and verified, and storing the same bytes twice stores them once. The
 * file system store is the embedded default; an S3-compatible store can implement the same contract
 * (write under a temporary key, verify, copy to the digest key).
 */
public interface BlobStore {

  /**
   * Stores the bytes of {@code source} under {@code sha256}.
   *
   * @throws BlobDigestMismatchException when the bytes do not have that digest (nothing is stored)
   */
  void put(Path source, String sha256) throws IOException;

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
}
