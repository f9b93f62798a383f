package dev.flexmoe.bench.registry;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.Digests;
import dev.flexmoe.model.artifact.ExpertLayout;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.safetensors.SafetensorsWriter;
import dev.flexmoe.model.tokenizer.BpeTrainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A public model and distinct expert artifacts for it, with random weights. */
final class BenchArtifacts {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** An upload: the owner, {@code expert.json} and {@code expert.safetensors}. */
  record Artifact(String owner, byte[] manifest, byte[] tensors) {}

  private BenchArtifacts() {}

  /**
   * Writes a public model for {@code config} to {@code dir} as {@code flexmoe train public} lays it
   * out (an HF checkpoint with its tokenizer), with freshly initialized weights; returns its
   * digest.
   */
  static String publicModel(FlexOlmoConfig config, Path dir) throws IOException {
    Path tokenizer = Files.createTempFile("bench-tokenizer", ".json");
    new BpeTrainer(config.vocabSize())
        .train(List.of("the public corpus of the upload benchmark"))
        .writeTokenizerJson(tokenizer);
    try (NDManager manager = NDManager.newBaseManager()) {
      HfCheckpoint.write(
          ModelWeights.initialize(config, manager, config.vocabSize()), tokenizer, dir);
    } finally {
      Files.delete(tokenizer);
    }
    return HfCheckpoint.digest(dir);
  }

  static Artifact expert(FlexOlmoConfig config, String anchor, String owner, long seed) {
    Random random = new Random(seed);
    SafetensorsWriter writer = new SafetensorsWriter();
    int d = config.hiddenSize();
    int ffn = config.intermediateSize();
    for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
      writer.putF32(
          ExpertLayout.projection(layer, "gate"), new long[] {ffn, d}, gaussian(random, ffn * d));
      writer.putF32(
          ExpertLayout.projection(layer, "up"), new long[] {ffn, d}, gaussian(random, ffn * d));
      writer.putF32(
          ExpertLayout.projection(layer, "down"), new long[] {d, ffn}, gaussian(random, d * ffn));
      writer.putF32(ExpertLayout.routerRow(layer), new long[] {1, d}, gaussian(random, d));
    }
    byte[] tensors = writer.toBytes();
    ExpertManifest manifest =
        new ExpertManifest(
            ExpertManifest.FORMAT_VERSION,
            anchor,
            "bench-" + (seed < 0 ? "warmup" : seed),
            owner,
            ExpertManifest.Shape.of(config),
            false,
            Map.of(),
            Map.of(),
            Map.of(),
            Digests.sha256(tensors),
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    try {
      return new Artifact(owner, JSON.writeValueAsBytes(manifest), tensors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static float[] gaussian(Random random, int count) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (random.nextGaussian() * 0.02);
    }
    return values;
  }
}
