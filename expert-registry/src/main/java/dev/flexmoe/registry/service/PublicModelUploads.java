package dev.flexmoe.registry.service;

import dev.flexmoe.registry.domain.PublicModel;
import dev.flexmoe.registry.storage.BlobStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;

/**
 * Registers a public model from its uploaded files: validate them, store each under its digest,
 * then commit the model with its files. The blobs are stored before the rows so that a row never
 * names a missing blob; if the commit fails, the blobs no other public model uses are removed, and
 * an upload that lost a race for its name or digest is refused as a conflict.
 */
@ApplicationScoped
public class PublicModelUploads {

  @Inject PublicModelValidator validator;

  @Inject PublicModels publicModels;

  @Inject BlobStore blobs;

  @Inject MeterRegistry metrics;

  public PublicModel upload(PublicModelParts parts, String actor) {
    ValidatedPublicModel model;
    try {
      model = validator.validate(parts);
    } catch (RefusedException e) {
      throw counted(e);
    }
    model.files().values().forEach(ReceivedFile::store);
    try {
      return publicModels.register(model, actor);
    } catch (RuntimeException e) {
      for (ReceivedFile file : model.files().values()) {
        deleteUnlessUsed(file.sha256(), e);
      }
      // A concurrent upload of this name or these files passed the same check and committed
      // first: the database refused this one, which is refused as the check would have.
      try {
        validator.checkNotRegistered(model.name(), model.digest());
      } catch (ConflictException raced) {
        throw counted(raced);
      }
      throw e;
    }
  }

  private RefusedException counted(RefusedException refusal) {
    metrics.counter("registry.public-model.rejections", "code", refusal.code()).increment();
    return refusal;
  }

  private void deleteUnlessUsed(String sha256, RuntimeException cause) {
    try {
      if (!publicModels.isStored(sha256)) {
        blobs.delete(sha256);
      }
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }
}
