package dev.flexmoe.registry.service;

import dev.flexmoe.registry.domain.PublicModel;
import dev.flexmoe.registry.domain.PublicModelFile;
import dev.flexmoe.registry.storage.BlobStore;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Public models (anchors): the models experts must be trained against, and their files. */
@ApplicationScoped
public class PublicModels {

  @Inject BlobStore blobs;

  /** Commits a validated model whose files are stored. */
  @Transactional
  public PublicModel register(ValidatedPublicModel validated, String actor) {
    PublicModel model = new PublicModel();
    model.id = UUID.randomUUID();
    model.name = validated.name();
    model.digest = validated.digest();
    model.config = validated.configJson();
    model.hiddenSize = validated.config().hiddenSize();
    model.intermediateSize = validated.config().intermediateSize();
    model.numLayers = validated.config().numHiddenLayers();
    model.registeredBy = actor;
    model.registeredAt = Instant.now();
    model.persist();
    validated
        .files()
        .forEach(
            (name, received) -> {
              PublicModelFile file = new PublicModelFile();
              file.id = UUID.randomUUID();
              file.publicModelId = model.id;
              file.name = name;
              file.sha256 = received.sha256();
              file.bytes = received.size();
              file.persist();
            });
    return model;
  }

  boolean isStored(String sha256) {
    return PublicModelFile.isStored(sha256);
  }

  /** Every registered public model, oldest first. */
  public List<PublicModel> all() {
    return PublicModel.listAll(Sort.by("registeredAt"));
  }

  /**
   * @throws PublicModelNotFoundException when there is no such public model
   */
  public PublicModel find(String id) {
    PublicModel model = null;
    try {
      model = PublicModel.findById(UUID.fromString(id));
    } catch (IllegalArgumentException notAnId) {
      // reported as absent, like any unknown id
    }
    if (model == null) {
      throw new PublicModelNotFoundException("public model " + id);
    }
    return model;
  }

  /** The model's files by name. */
  public List<PublicModelFile> files(PublicModel model) {
    return PublicModelFile.filesOf(model.id);
  }

  /**
   * One file of a public model, as stored.
   *
   * @throws PublicModelNotFoundException when there is no such public model or file
   */
  public StoredArtifact file(String id, String name) {
    PublicModel model = find(id);
    PublicModelFile file =
        PublicModelFile.find(model.id, name)
            .orElseThrow(
                () ->
                    new PublicModelNotFoundException(
                        "file '" + name + "' of public model " + model.name));
    try {
      return new StoredArtifact(
          file.sha256,
          blobs
              .find(file.sha256)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the blob of " + name + " of " + model.name + " is missing")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
