package dev.flexmoe.model.artifact;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.safetensors.SafetensorsFile;
import dev.flexmoe.model.safetensors.SafetensorsFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;

/**
 * An expert artifact directory: {@code expert.safetensors} (only the new expert's tensors, see
 * {@link ExpertWeights}) and {@code expert.json} ({@link ExpertManifest}). It holds no training
 * data. Opening one reads the tensors strictly and checks them against the manifest's digest.
 */
public final class ExpertArtifact {

  public static final String WEIGHTS = "expert.safetensors";
  public static final String MANIFEST = "expert.json";

  private final Path dir;
  private final ExpertManifest manifest;
  private final SafetensorsFile tensors;

  private ExpertArtifact(Path dir, ExpertManifest manifest, SafetensorsFile tensors) {
    this.dir = dir;
    this.manifest = manifest;
    this.tensors = tensors;
  }

  /** Writes an artifact (the directory appears complete or not at all) and opens it. */
  public static ExpertArtifact write(ExpertWeights weights, ExpertManifest.Draft draft, Path dir) {
    if (Files.exists(dir)) {
      throw new IllegalArgumentException(dir + " exists already; choose a new directory");
    }
    Path staging = dir.resolveSibling("." + dir.getFileName() + ".partial");
    try {
      Files.createDirectories(staging);
      TensorFiles.write(
          weights.tensors(), Map.of("format", "flexmoe-expert"), staging.resolve(WEIGHTS));
      draft
          .complete(weights.hasBias(), Digests.sha256(staging.resolve(WEIGHTS)), Instant.now())
          .write(staging.resolve(MANIFEST));
      Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write expert artifact " + dir, e);
    }
    return open(dir);
  }

  /**
   * Opens an artifact: the manifest must be valid, the tensors a valid safetensors file (no NaN, no
   * truncation), and their SHA-256 the manifest's.
   */
  public static ExpertArtifact open(Path dir) {
    if (!Files.isRegularFile(dir.resolve(MANIFEST)) || !Files.isRegularFile(dir.resolve(WEIGHTS))) {
      throw new MergeException(
          dir + " is not an expert artifact: it needs " + MANIFEST + " and " + WEIGHTS);
    }
    ExpertManifest manifest = ExpertManifest.read(dir.resolve(MANIFEST));
    String name = manifest.domain();
    SafetensorsFile tensors;
    try {
      tensors = TensorFiles.read(dir.resolve(WEIGHTS));
    } catch (SafetensorsFormatException e) {
      throw new MergeException(
          "expert '" + name + "': " + WEIGHTS + " is invalid: " + e.getMessage(), e);
    }
    String actual = Digests.sha256(dir.resolve(WEIGHTS));
    if (!actual.equals(manifest.tensorsSha256())) {
      throw new MergeException(
          "expert '"
              + name
              + "': "
              + WEIGHTS
              + " has SHA-256 "
              + actual
              + " but its manifest says "
              + manifest.tensorsSha256());
    }
    return new ExpertArtifact(dir, manifest, tensors);
  }

  public Path dir() {
    return dir;
  }

  public ExpertManifest manifest() {
    return manifest;
  }

  /** The artifact's identity: the SHA-256 of its tensors. */
  public String digest() {
    return manifest.tensorsSha256();
  }

  /** The expert's tensors, checked against the public model's shapes. */
  public ExpertWeights weights(FlexOlmoConfig publicConfig, NDManager manager) {
    ExpertWeights weights = ExpertWeights.empty(manager);
    TensorFiles.load(
            tensors,
            ExpertLayout.of(publicConfig, manifest.routerBias()),
            "expert '" + manifest.domain() + "'",
            manager)
        .forEach(weights::put);
    return weights;
  }
}
