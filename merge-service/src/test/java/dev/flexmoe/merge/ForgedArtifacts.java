package dev.flexmoe.merge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.artifact.ExpertWeights;
import dev.flexmoe.model.artifact.HfCheckpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.commons.io.file.PathUtils;

/**
 * Experts that pass the registry's upload checks (a valid, finite safetensors file of the right
 * shapes, a valid manifest) but not the merge service's: a trained expert's projections rewritten.
 */
final class ForgedArtifacts {

  private static final Path ROOT = Path.of("target/forged-artifacts");

  private ForgedArtifacts() {}

  /** {@code good}'s artifact with every projection replaced by {@code rewrite(name, weight)}. */
  static Path rewritten(Path good, String name, BiFunction<String, NDArray, NDArray> rewrite) {
    return rewritten(good, name, ExpertArtifact.open(good).manifest().anchorDigest(), rewrite);
  }

  /** As {@link #rewritten(Path, String, BiFunction)}, its manifest naming {@code anchorDigest}. */
  static Path rewritten(
      Path good, String name, String anchorDigest, BiFunction<String, NDArray, NDArray> rewrite) {
    ExpertArtifact artifact = ExpertArtifact.open(good);
    ExpertManifest manifest = artifact.manifest();
    try (NDManager manager = NDManager.newBaseManager()) {
      ExpertWeights weights =
          artifact.weights(HfCheckpoint.config(MicroArtifacts.publicModel()), manager);
      ExpertWeights forged = ExpertWeights.empty(manager);
      for (Map.Entry<String, NDArray> tensor : weights.tensors().entrySet()) {
        boolean projection = tensor.getKey().endsWith("_proj.weight");
        forged.put(
            tensor.getKey(),
            projection ? rewrite.apply(tensor.getKey(), tensor.getValue()) : tensor.getValue());
      }
      ExpertManifest.Draft draft =
          new ExpertManifest.Draft(
              anchorDigest,
              manifest.domain(),
              manifest.owner(),
              manifest.model(),
              manifest.data(),
              manifest.training(),
              manifest.metrics());
      Path dir = ROOT.resolve(name);
      if (Files.exists(dir)) {
        PathUtils.deleteDirectory(dir);
      }
      return ExpertArtifact.write(forged, draft, dir).dir();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The tensor file's bytes with the last float of its data replaced by {@code value}. */
  static byte[] withLastFloat(Path artifact, float value) throws java.io.IOException {
    byte[] bytes = java.nio.file.Files.readAllBytes(artifact.resolve(ExpertArtifact.WEIGHTS));
    java.nio.ByteBuffer.wrap(bytes)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putFloat(bytes.length - Float.BYTES, value);
    return bytes;
  }

  /** Gaussian noise with {@code factor} times the weight's Frobenius norm. */
  static NDArray noise(NDArray weight, double factor, long seed) {
    ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
    NDArray noise = weight.getManager().randomNormal(weight.getShape());
    return noise.mul(weight.norm().div(noise.norm()).mul(factor));
  }
}
