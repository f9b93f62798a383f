package dev.flexmoe.registry.service;

import dev.flexmoe.registry.domain.Expert;
import dev.flexmoe.registry.storage.BlobStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;

/**
 * Registers an upload: validate it, store its received tensors under their digest, then commit the
 * expert with its history and its ExpertRegistered event. The blob is stored before the row so that
 * a row never names a missing blob; if the commit fails, the blob is removed again.
 */
@ApplicationScoped
public class ExpertUploads {

  @Inject UploadValidator validator;

  @Inject ExpertLifecycle lifecycle;

  @Inject BlobStore blobs;

  @Inject MeterRegistry metrics;

  /** The registered expert, and whether this upload created it (false: it existed already). */
  public record Registration(Expert expert, boolean created) {}

  public Registration upload(UploadParts parts, String ownerId) {
    ValidatedUpload upload;
    try {
      upload = validator.validate(parts, ownerId);
    } catch (RefusedException e) {
      metrics.counter("registry.upload.rejections", "code", e.code()).increment();
      throw e;
    }
    Optional<Registration> existing = existing(upload, ownerId);
    if (existing.isPresent()) {
      return existing.get();
    }
    upload.tensors().store();
    Expert expert;
    try {
      expert = lifecycle.register(upload, ownerId);
    } catch (RuntimeException e) {
      Optional<Registration> raced = existing(upload, ownerId);
      if (raced.isPresent()) {
        return raced.get();
      }
      deleteQuietly(upload.artifactDigest(), e);
      throw e;
    }
    metrics.counter("registry.uploads").increment();
    metrics.counter("registry.upload.bytes").increment(upload.artifactBytes());
    return new Registration(expert, true);
  }

  /**
   * The expert these bytes are registered as: the same owner gets it back (an upload is idempotent
   * by content), another owner is refused.
   */
  private Optional<Registration> existing(ValidatedUpload upload, String ownerId) {
    Optional<Expert> expert = Expert.findByDigest(upload.artifactDigest());
    if (expert.isEmpty()) {
      return Optional.empty();
    }
    if (!expert.get().ownerId.equals(ownerId)) {
      metrics.counter("registry.upload.rejections", "code", "digest-taken").increment();
      throw new ConflictException(
          "digest-taken",
          UploadValidator.TENSORS,
          "an artifact with SHA-256 "
              + upload.artifactDigest()
              + " is registered by another owner");
    }
    return Optional.of(new Registration(expert.get(), false));
  }

  private void deleteQuietly(String digest, RuntimeException cause) {
    try {
      blobs.delete(digest);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }
}
