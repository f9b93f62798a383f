package dev.flexmoe.registry.service;

import dev.flexmoe.registry.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stored file (an expert's {@code expert.safetensors}, a public model's file): its SHA-256, its
 * size and its bytes.
 */
public final class StoredArtifact {

  private final String digest;
  private final BlobStore.Blob blob;

  StoredArtifact(String digest, BlobStore.Blob blob) {
    this.digest = digest;
    this.blob = blob;
  }

  public String digest() {
    return digest;
  }

  public long size() {
    return blob.size();
  }

  /** Reads {@code length} bytes from {@code offset}. */
  public InputStream open(long offset, long length) throws IOException {
    return blob.open(offset, length);
  }
}
