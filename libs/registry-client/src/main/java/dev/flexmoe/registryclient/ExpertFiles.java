package dev.flexmoe.registryclient;

import java.nio.file.Path;

/**
 * An expert artifact's files as downloaded: {@code expert.json}, {@code expert.safetensors} and,
 * when signed, {@code expert.sig}. A download whose tensors are not the registered digest is not
 * cached; closing it deletes it.
 */
public final class ExpertFiles implements AutoCloseable {

  // The expert artifact layout's file names, as libs/model writes and reads them (checked by the
  // merge-service's ArtifactLayoutAgreementTest).
  public static final String MANIFEST = "expert.json";
  public static final String WEIGHTS = "expert.safetensors";
  public static final String SIGNATURE = "expert.sig";

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
