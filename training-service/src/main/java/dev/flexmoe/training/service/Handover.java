package dev.flexmoe.training.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertSignatures;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.registryclient.RegistryClient;
import dev.flexmoe.registryclient.RegistryRefusedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Hands a finished expert to the registry: the owner's public key first (once per start; the
 * registry keeps a key it has), then the artifact, signed. What goes out is the artifact folder's
 * {@code expert.json} and {@code expert.safetensors}, and the signature: no other byte of a job.
 * The operator's public model goes out as its checkpoint's three files.
 */
@ApplicationScoped
public class Handover {

  /**
   * The registry's answer: the id of the expert or public model, and an expert's lifecycle state.
   */
  public record Registered(String id, String state) {}

  @Inject RegistryClient registry;

  @Inject OwnerKey key;

  @Inject TrainingConfig config;

  private volatile boolean keyRegistered;

  /** Signs and uploads the artifact in {@code dir}; uploading the same bytes again is harmless. */
  Registered register(Path dir) {
    registerKey();
    ExpertArtifact artifact = ExpertArtifact.open(dir);
    Path manifest = dir.resolve(ExpertArtifact.MANIFEST);
    String signature;
    try {
      signature =
          key.sign(ExpertSignatures.message(Files.readAllBytes(manifest), artifact.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifest, e);
    }
    JsonNode expert =
        registry.uploadExpert(manifest, dir.resolve(ExpertArtifact.WEIGHTS), signature);
    return new Registered(expert.path("id").asText(), expert.path("state").asText());
  }

  /**
   * Uploads the public model in {@code dir} under {@code name}. Found registered with the same
   * bytes (an earlier try whose answer was lost), it is taken as registered.
   */
  Registered registerPublicModel(String name, Path dir) {
    String digest = HfCheckpoint.digest(dir);
    try {
      return new Registered(
          registry.uploadPublicModel(name, digest, dir).path("id").asText(), null);
    } catch (RegistryRefusedException refused) {
      return registry.publicModels().stream()
          .filter(model -> model.name().equals(name) && model.digest().equals(digest))
          .findFirst()
          .map(model -> new Registered(model.id(), null))
          .orElseThrow(() -> refused);
    }
  }

  /** The expert's state at the registry now. */
  String stateOf(String expertId) {
    return registry
        .json("/api/v1/experts/" + RegistryClient.segment(expertId))
        .path("state")
        .asText();
  }

  private void registerKey() {
    if (!keyRegistered) {
      registry.postJson(
          "/api/v1/owners/" + RegistryClient.segment(config.owner()) + "/keys",
          Map.of("publicKey", key.publicPem()));
      keyRegistered = true;
    }
  }
}
