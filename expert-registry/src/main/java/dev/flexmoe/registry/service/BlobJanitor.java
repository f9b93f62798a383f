package dev.flexmoe.registry.service;

import dev.flexmoe.registry.storage.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * Deletes released artifacts, only after the transaction that released them committed: a rolled
 * back withdrawal keeps its blob.
 */
@ApplicationScoped
public class BlobJanitor {

  private static final Logger LOG = Logger.getLogger(BlobJanitor.class);

  @Inject BlobStore blobs;

  void onRelease(@Observes(during = TransactionPhase.AFTER_SUCCESS) BlobReleased released) {
    try {
      blobs.delete(released.artifactDigest());
    } catch (IOException e) {
      LOG.warnf("could not delete released artifact %s: %s", released.artifactDigest(), e);
    }
  }
}
