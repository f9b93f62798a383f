package dev.flexmoe.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.TensorShapes;
import dev.flexmoe.model.artifact.Digests;
import dev.flexmoe.model.artifact.ExpertLayout;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.safetensors.SafetensorsWriter;
import dev.flexmoe.model.tokenizer.BpeModel;
import dev.flexmoe.model.tokenizer.BpeTrainer;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/** Tokens, public models and expert artifacts for the registry's tests, made here, not shipped. */
final class Fixtures {

  static final FlexOlmoConfig CONFIG = FlexOlmoConfig.micro(256);

  /**
   * Mixed into every seed: the blob store outlives a test run (it is under target/), the database
   * does not, so each run needs artifacts the store has not seen.
   */
  private static final long RUN_SALT = new Random().nextLong();

  static final ObjectMapper JSON = new ObjectMapper();

  private static final Path PUBLIC_MODELS = Path.of("target/test-public-models");
  private static final int TOKENIZER_VOCABULARY = 280;
  private static final String TOKENIZER_TEXT =
      "the public model reads the public corpus; every expert trains against it.";

  private Fixtures() {}

  /** A token signed with the development key, with the claims {@code bin/dev-token} sets. */
  static String token(String subject, String... roles) {
    try {
      return Jwt.issuer("flexmoe-dev")
          .subject(subject)
          .upn(subject)
          .groups(Set.of(roles))
          .expiresIn(Duration.ofMinutes(30))
          .sign(KeyUtils.decodePrivateKey(Files.readString(Path.of("dev-keys/jwt-private.pem"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("dev-keys/jwt-private.pem is not a PKCS#8 key", e);
    }
  }

  static String bearer(String subject, String... roles) {
    return "Bearer " + token(subject, roles);
  }

  /** A SHA-256 that names nothing the registry has. */
  static String randomDigest() {
    return Digests.sha256(UUID.randomUUID().toString().getBytes());
  }

  /**
   * A public model as {@code flexmoe train public} lays it out: an HF FlexOlmo checkpoint at the
   * micro preset with its tokenizer, with random weights (the registry checks the files, not how
   * good the model is), in a new directory under target/.
   */
  static Path publicModel(long seed) {
    try {
      Path dir = Files.createTempDirectory(Files.createDirectories(PUBLIC_MODELS), "public");
      BpeModel tokenizer = new BpeTrainer(TOKENIZER_VOCABULARY).train(List.of(TOKENIZER_TEXT));
      tokenizer.writeTokenizerJson(dir.resolve(HfCheckpoint.TOKENIZER));
      FlexOlmoConfig config = FlexOlmoConfig.micro(tokenizer.vocabSize());
      config.write(dir.resolve(HfCheckpoint.CONFIG));
      Files.write(dir.resolve(HfCheckpoint.WEIGHTS), publicWeights(config, seed));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Random weights under the HF tensor names and shapes of {@code config}. */
  static byte[] publicWeights(FlexOlmoConfig config, long seed) {
    Random random = new Random(seed ^ RUN_SALT);
    SafetensorsWriter writer = new SafetensorsWriter();
    writer.putMetadata("format", "pt");
    TensorShapes.of(config)
        .forEach(
            (name, shape) ->
                writer.putF32(
                    name,
                    shape,
                    values(random, (int) Arrays.stream(shape).reduce(1, Math::multiplyExact))));
    return writer.toBytes();
  }

  /** An expert artifact as a data owner uploads it. */
  record Artifact(byte[] manifest, byte[] tensors, String digest) {

    /** The same tensors with a manifest changed by {@code edit} (digest untouched). */
    Artifact withManifest(Consumer<ObjectNode> edit) {
      try {
        ObjectNode node = (ObjectNode) JSON.readTree(manifest);
        edit.accept(node);
        return new Artifact(JSON.writeValueAsBytes(node), tensors, digest);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Other tensor bytes under a manifest that names their digest. */
    Artifact withTensors(byte[] otherTensors) {
      String otherDigest = Digests.sha256(otherTensors);
      return new Artifact(manifest, otherTensors, otherDigest)
          .withManifest(node -> node.put("tensorsSha256", otherDigest));
    }
  }

  static Artifact expert(String anchorDigest, String domain, String owner, long seed) {
    return artifact(anchorDigest, domain, owner, tensors(CONFIG, seed, writer -> {}));
  }

  static Artifact artifact(String anchorDigest, String domain, String owner, byte[] tensors) {
    String digest = Digests.sha256(tensors);
    ExpertManifest manifest =
        new ExpertManifest(
            ExpertManifest.FORMAT_VERSION,
            anchorDigest,
            domain,
            owner,
            ExpertManifest.Shape.of(CONFIG),
            false,
            Map.of("documents", 120L, "tokens", 50_000L),
            Map.of("steps", 80.0, "learningRate", 1e-3),
            Map.of("validationBitsPerByte", 2.5),
            digest,
            "2026-11-29T00:00:00Z");
    try {
      return new Artifact(JSON.writeValueAsBytes(manifest), tensors, digest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Random expert tensors for {@code config}; {@code tweak} may add or replace tensors before the
   * file is written.
   */
  static byte[] tensors(FlexOlmoConfig config, long seed, Consumer<SafetensorsWriter> tweak) {
    Random random = new Random(seed ^ RUN_SALT);
    SafetensorsWriter writer = new SafetensorsWriter();
    writer.putMetadata("format", "flexmoe-expert");
    int d = config.hiddenSize();
    int ffn = config.intermediateSize();
    for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
      writer.putF32(
          ExpertLayout.projection(layer, "gate"), new long[] {ffn, d}, values(random, ffn * d));
      writer.putF32(
          ExpertLayout.projection(layer, "up"), new long[] {ffn, d}, values(random, ffn * d));
      writer.putF32(
          ExpertLayout.projection(layer, "down"), new long[] {d, ffn}, values(random, d * ffn));
      writer.putF32(ExpertLayout.routerRow(layer), new long[] {1, d}, values(random, d));
    }
    tweak.accept(writer);
    return writer.toBytes();
  }

  static float[] values(Random random, int count) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (random.nextGaussian() * 0.02);
    }
    return values;
  }
}
