package dev.flexmoe.bench.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.artifact.Digests;
import dev.flexmoe.model.artifact.ExpertLayout;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** Distinct expert artifacts (random weights) for a public model's shape. */
final class BenchArtifacts {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** An upload: the owner, {@code expert.json} and {@code expert.safetensors}. */
  record Artifact(String owner, byte[] manifest, byte[] tensors) {}

  private BenchArtifacts() {}

  static String randomDigest() {
    return Digests.sha256(UUID.randomUUID().toString().getBytes());
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
            new ExpertManifest.Shape(d, ffn, config.numHiddenLayers()),
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
