package dev.flexmoe.registry.service;

import dev.flexmoe.registry.storage.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * An uploaded file as received: already in the blob store's staging area, hashed on the way in,
 * visible to nobody until a use case stores it. Closing a file that was not stored removes it.
 */
public final class ReceivedFile implements AutoCloseable {

  private final BlobStore.Staged staged;

  ReceivedFile(BlobStore.Staged staged) {
    this.staged = staged;
  }

  public String sha256() {
    return staged.sha256();
  }

  public long size() {
    return staged.size();
  }

  /** The bytes, to read and check them before they are stored. */
  Path file() {
    return staged.file();
  }

  /** Stores the bytes under their digest. */
  void store() {
    try {
      staged.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("the blob store failed to store " + sha256(), e);
    }
  }

  @Override
  public void close() {
    try {
      staged.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the received file " + staged.file(), e);
    }
  }
}
