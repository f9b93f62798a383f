package dev.flexmoe.model.validation;

import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.artifact.Digests;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertLayout;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.artifact.ExpertSignatures;
import dev.flexmoe.model.artifact.TensorFiles;
import dev.flexmoe.model.safetensors.SafetensorsTensor;
import dev.flexmoe.model.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Artifacts made from a trained one with chosen faults, as a forger (or a broken trainer) would
 * write them: the manifest's digest is that of the forged tensors unless a test says otherwise.
 */
final class ArtifactForge {

  /** A tensor as plain numbers, to change freely. */
  record Tensor(long[] shape, float[] values) {

    Tensor scaled(float factor) {
      float[] scaled = values.clone();
      for (int i = 0; i < scaled.length; i++) {
        scaled[i] *= factor;
      }
      return new Tensor(shape, scaled);
    }
  }

  private final Path root;
  private final Path original;
  private final ExpertManifest manifest;

  ArtifactForge(Path root, Path original) {
    this.root = root;
    this.original = original;
    this.manifest = ExpertManifest.read(original.resolve(ExpertArtifact.MANIFEST));
  }

  /** The original's tensors, a fresh copy sorted by name. */
  Map<String, Tensor> tensors() {
    Map<String, Tensor> tensors = new TreeMap<>();
    for (SafetensorsTensor tensor :
        TensorFiles.read(original.resolve(ExpertArtifact.WEIGHTS)).tensors()) {
      tensors.put(tensor.name(), new Tensor(tensor.shape(), tensor.toFloatArray()));
    }
    return tensors;
  }

  /** The original's manifest draft, to write again with changes. */
  ExpertManifest.Draft draft() {
    return draft(manifest.anchorDigest(), manifest.metrics());
  }

  ExpertManifest.Draft draft(String anchorDigest, Map<String, Double> metrics) {
    return new ExpertManifest.Draft(
        anchorDigest,
        manifest.domain(),
        manifest.owner(),
        manifest.model(),
        manifest.data(),
        manifest.training(),
        metrics);
  }

  /** An artifact of these tensors in float32. */
  Path write(String name, ExpertManifest.Draft draft, Map<String, Tensor> tensors) {
    SafetensorsWriter writer = new SafetensorsWriter();
    tensors.forEach((tensor, value) -> writer.putF32(tensor, value.shape(), value.values()));
    return write(name, draft, writer);
  }

  /** An artifact of whatever {@code tensors} holds, its manifest naming their digest. */
  Path write(String name, ExpertManifest.Draft draft, SafetensorsWriter tensors) {
    Path dir = root.resolve(name);
    try {
      Files.createDirectories(dir);
      tensors.write(dir.resolve(ExpertArtifact.WEIGHTS));
      draft
          .complete(
              manifest.routerBias(),
              Digests.sha256(dir.resolve(ExpertArtifact.WEIGHTS)),
              Instant.now())
          .write(dir.resolve(ExpertArtifact.MANIFEST));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * A copy of the original whose tensor bytes {@code change} edits in place, past every writer's
   * checks; {@code updateManifest} says whether the manifest then names the new digest.
   */
  Path withBytes(String name, Consumer<byte[]> change, boolean updateManifest) {
    Path dir = root.resolve(name);
    try {
      Files.createDirectories(dir);
      byte[] bytes = Files.readAllBytes(original.resolve(ExpertArtifact.WEIGHTS));
      change.accept(bytes);
      Files.write(dir.resolve(ExpertArtifact.WEIGHTS), bytes);
      String json = Files.readString(original.resolve(ExpertArtifact.MANIFEST));
      if (updateManifest) {
        json = json.replace(manifest.tensorsSha256(), Digests.sha256(bytes));
      }
      Files.writeString(dir.resolve(ExpertArtifact.MANIFEST), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** Signs an artifact's manifest and tensors with {@code key} into {@code expert.sig}. */
  static void sign(Path dir, KeyPair key) {
    try {
      byte[] message =
          ExpertSignatures.message(
              Files.readAllBytes(dir.resolve(ExpertArtifact.MANIFEST)),
              Digests.sha256(dir.resolve(ExpertArtifact.WEIGHTS)));
      byte[] signature = ExpertSignatures.sign(key.getPrivate().getEncoded(), message);
      Files.writeString(
          dir.resolve(ExpertSignatures.SIGNATURE),
          Base64.getEncoder().encodeToString(signature),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The names of every FFN projection of the expert. */
  static List<String> projections(int layers) {
    List<String> names = new ArrayList<>();
    for (int layer = 0; layer < layers; layer++) {
      for (String projection : TensorNames.PROJECTIONS) {
        names.add(ExpertLayout.projection(layer, projection));
      }
    }
    return names;
  }
}
