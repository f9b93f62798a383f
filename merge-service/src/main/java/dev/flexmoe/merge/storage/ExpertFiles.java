package dev.flexmoe.merge.storage;

import java.nio.file.Path;

/**
 * An expert artifact's files as downloaded: {@code expert.json}, {@code expert.safetensors} and,
 * when signed, {@code expert.sig}. A download whose tensors are not the registered digest is not
 * cached; closing it deletes it.
 */
public final class ExpertFiles implements AutoCloseable {

  private final Path dir;
  private final boolean digestVerified;
  private final ArtifactCache cache;

  ExpertFiles(Path dir, boolean digestVerified, ArtifactCache cache) {
    this.dir = dir;
    this.digestVerified = digestVerified;
    this.cache = cache;
  }

  public Path dir() {
    return dir;
  }

  /** Whether the tensors are the digest they were fetched by (and therefore cached). */
  public boolean digestVerified() {
    return digestVerified;
  }

  @Override
  public void close() {
    if (!digestVerified) {
      cache.discard(dir);
    }
  }
}
