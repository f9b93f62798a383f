package dev.flexmoe.merge;

import ai.djl.ndarray.NDArray;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.platformtestkit.ForgedExperts;
import java.nio.file.Path;
import java.util.function.BiFunction;

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
    return ForgedExperts.rewritten(
        good,
        HfCheckpoint.config(MicroArtifacts.publicModel()),
        anchorDigest,
        ROOT.resolve(name),
        rewrite);
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
