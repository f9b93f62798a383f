package dev.flexmoe.registry.service;

import dev.flexmoe.registry.storage.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Receives an uploaded file in one pass: its bytes go straight from the request into the blob
 * store's staging area while their SHA-256 is computed, so a large file is written once and never
 * read again before it is checked.
 */
@ApplicationScoped
public class FileReceiver {

  @Inject BlobStore blobs;

  public ReceivedFile receive(InputStream bytes) {
    try {
      return new ReceivedFile(blobs.stage(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot receive an uploaded file", e);
    }
  }
}
