package dev.flexmoe.model.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.TensorTest;
import dev.flexmoe.model.nn.ExpertMask;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.train.ExpertTraining;
import dev.flexmoe.model.train.PublicPretraining;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactTest extends TensorTest {

  private static final int VOCAB = 61;

  @TempDir Path dir;

  private ModelWeights publicWeights(long seed) {
    ModelWeights weights = ModelWeights.initialize(FlexOlmoConfig.micro(VOCAB), manager, seed);
    PublicPretraining.setPublicRouterEmbedding(weights, unit(weights.config().hiddenSize(), seed));
    return weights;
  }

  private static float[] unit(int size, long seed) {
    Random random = new Random(seed);
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextGaussian() / (float) Math.sqrt(size);
    }
    return values;
  }

  private Path writePublic(ModelWeights weights, String name) throws IOException {
    Path tokenizer = dir.resolve("tokenizer-" + name + ".json");
    Files.writeString(tokenizer, "{\"version\":\"1.0\"}");
    Path checkpoint = dir.resolve(name);
    HfCheckpoint.write(weights, tokenizer, checkpoint);
    return checkpoint;
  }

  /** An expert as if trained: the coordinated model with expert 1 and its router row perturbed. */
  private Path writeExpert(ModelWeights publicModel, Path publicDir, String domain, long seed) {
    ModelWeights trained =
        ExpertTraining.coordinatedModel(publicModel, unit(publicModel.config().hiddenSize(), seed));
    Random random = new Random(seed);
    trained
        .tensors()
        .forEach(
            (name, tensor) -> {
              if (name.contains("experts.1.") || name.endsWith("mlp.gate.weight")) {
                float[] values = tensor.toFloatArray();
                for (int i = 0; i < values.length; i++) {
                  values[i] += (float) random.nextGaussian() * 0.05f;
                }
                tensor.set(values);
              }
            });
    ExpertManifest.Draft manifest =
        new ExpertManifest.Draft(
            HfCheckpoint.digest(publicDir),
            domain,
            "owner-" + domain,
            ExpertManifest.Shape.of(publicModel.config()),
            Map.of("documents", 10L, "tokens", 1000L),
            Map.of("steps", 5.0),
            Map.of());
    Path expertDir = dir.resolve("expert-" + domain);
    try (ExpertWeights expert = ExpertWeights.fromTrainedModel(trained)) {
      ExpertArtifact.write(expert, manifest, expertDir);
    }
    trained.close();
    return expertDir;
  }

  @Test
  void hfCheckpointRoundTripIsBitExactAndItsDigestStable() throws IOException {
    ModelWeights weights = publicWeights(1);
    Path first = writePublic(weights, "first");
    Path second = writePublic(weights, "second");

    BitExact.assertSameWeights(HfCheckpoint.read(first, manager), weights);
    assertThat(HfCheckpoint.digest(second)).isEqualTo(HfCheckpoint.digest(first));
    assertThat(Files.readAllBytes(second.resolve(HfCheckpoint.WEIGHTS)))
        .isEqualTo(Files.readAllBytes(first.resolve(HfCheckpoint.WEIGHTS)));
    assertThat(HfCheckpoint.config(first)).isEqualTo(weights.config());
  }

  @Test
  void expertArtifactRoundTripIsBitExact() {
    ModelWeights publicModel = publicWeights(2);
    Path publicDir = writePublicQuietly(publicModel);
    Path expertDir = writeExpert(publicModel, publicDir, "news", 3);

    ExpertArtifact artifact = ExpertArtifact.open(expertDir);
    try (ExpertWeights loaded = artifact.weights(publicModel.config(), manager)) {
      assertThat(artifact.manifest().anchorDigest()).isEqualTo(HfCheckpoint.digest(publicDir));
      assertThat(artifact.manifest().routerBias()).isTrue();
      assertThat(artifact.digest())
          .isEqualTo(Digests.sha256(expertDir.resolve(ExpertArtifact.WEIGHTS)));
      assertThat(loaded.tensors()).hasSize(5 * publicModel.config().numHiddenLayers());
      assertThat(loaded.get(ExpertLayout.routerBias(0)).toFloatArray())
          .containsExactly(ExpertTraining.INITIAL_BIAS);
    }
  }

  private Path writePublicQuietly(ModelWeights weights) {
    try {
      return writePublic(weights, "public");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void maskingAnExpertOfAMergedVersionEqualsMergingWithoutIt() {
    ModelWeights publicModel = publicWeights(4);
    Path publicDir = writePublicQuietly(publicModel);
    Path news = writeExpert(publicModel, publicDir, "news", 5);
    Path code = writeExpert(publicModel, publicDir, "code", 6);

    ModelMerge.Result both =
        ModelMerge.merge(publicDir, List.of(news, code), "m", 1, 2, false, manager);
    ModelMerge.Result newsOnly =
        ModelMerge.merge(publicDir, List.of(news), "m", 2, 2, false, manager);
    NDArray tokens = manager.create(new long[] {1, 5, 9, 2, 7, 3, 8, 4}).reshape(1, 8);

    NDArray masked =
        new FlexOlmoModel(both.weights())
            .forward(tokens, Forward.defaults().withMask(ExpertMask.excluding(3, List.of(2))))
            .logits();
    NDArray alone =
        new FlexOlmoModel(newsOnly.weights()).forward(tokens, Forward.defaults()).logits();

    assertThat(masked.sub(alone).abs().max().getFloat()).isLessThanOrEqualTo(1e-5f);
    assertThat(both.manifest().experts())
        .extracting(ModelVersionManifest.Expert::name)
        .containsExactly("news", "code");
    assertThat(both.weights().contains(TensorNames.routerBias(0))).isFalse();
    assertThat(
            ModelMerge.merge(publicDir, List.of(news, code), "m", 3, 2, true, manager)
                .weights()
                .get(TensorNames.routerBias(0))
                .toFloatArray())
        .containsExactly(0f, ExpertTraining.INITIAL_BIAS, ExpertTraining.INITIAL_BIAS);
  }

  @Test
  void mergeRefusesAnotherAnchorsExpert() throws IOException {
    ModelWeights publicModel = publicWeights(7);
    Path publicDir = writePublicQuietly(publicModel);
    ModelWeights otherPublic = publicWeights(8);
    Path otherDir = writePublic(otherPublic, "other");
    Path foreign = writeExpert(otherPublic, otherDir, "foreign", 9);

    assertThatThrownBy(
            () -> ModelMerge.merge(publicDir, List.of(foreign), "m", 1, 1, false, manager))
        .isInstanceOf(MergeException.class)
        .hasMessageContaining("expert 'foreign' was trained against another public model");
  }

  @Test
  void mergeRefusesWrongShapes() throws IOException {
    ModelWeights publicModel = publicWeights(10);
    Path publicDir = writePublicQuietly(publicModel);
    FlexOlmoConfig wider =
        new FlexOlmoConfig(
            VOCAB, 64, 192, 2, 4, 2, 1, 1, false, 1e-6, 10_000, 128, false, 0.02, null);
    ModelWeights widerPublic = ModelWeights.initialize(wider, manager, 11);
    Path widerExpert = writeExpert(widerPublic, writePublic(widerPublic, "wider"), "wide", 12);
    // Claim our anchor, so that only the shapes differ.
    Path manifestFile = widerExpert.resolve(ExpertArtifact.MANIFEST);
    String manifest = Files.readString(manifestFile);
    Files.writeString(
        manifestFile,
        manifest.replace(
            ExpertManifest.read(manifestFile).anchorDigest(), HfCheckpoint.digest(publicDir)));

    assertThatThrownBy(
            () -> ModelMerge.merge(publicDir, List.of(widerExpert), "m", 1, 1, false, manager))
        .isInstanceOf(MergeException.class)
        .hasMessageContaining(
            "expert 'wide': layers.0.down_proj.weight has shape [64, 192], expected [64, 160]");
  }

  @Test
  void weightsMadeInMemoryMeetTheSameShapeRuleAsFiles() throws IOException {
    ModelWeights publicModel = publicWeights(16);
    Path publicDir = writePublicQuietly(publicModel);
    ExpertWeights expert =
        ExpertArtifact.open(writeExpert(publicModel, publicDir, "wide", 17))
            .weights(publicModel.config(), manager);
    expert.put(ExpertLayout.projection(0, "down"), manager.zeros(new Shape(64, 192)));

    assertThatThrownBy(
            () -> Merger.merge(publicModel, List.of(expert), List.of("wide"), 1, false, manager))
        .isInstanceOf(TensorLayoutException.class)
        .hasMessage(
            "expert 'wide': layers.0.down_proj.weight has shape [64, 192], expected [64, 160]");
  }

  @Test
  void mergeRefusesATruncatedFile() throws IOException {
    ModelWeights publicModel = publicWeights(13);
    Path publicDir = writePublicQuietly(publicModel);
    Path expert = writeExpert(publicModel, publicDir, "cut", 14);
    Path weights = expert.resolve(ExpertArtifact.WEIGHTS);
    byte[] bytes = Files.readAllBytes(weights);
    Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 100));

    assertThatThrownBy(
            () -> ModelMerge.merge(publicDir, List.of(expert), "m", 1, 1, false, manager))
        .isInstanceOf(MergeException.class)
        .hasMessageContaining("expert 'cut': expert.safetensors is invalid")
        .hasMessageContaining("past the byte buffer");
  }

  @Test
  void mergeRefusesNanWeightsEvenWithAMatchingDigest() throws IOException {
    ModelWeights publicModel = publicWeights(15);
    Path publicDir = writePublicQuietly(publicModel);
    Path expert = writeExpert(publicModel, publicDir, "nan", 16);
    Path weights = expert.resolve(ExpertArtifact.WEIGHTS);
    byte[] bytes = Files.readAllBytes(weights);
    // The last 4 bytes are the last float of the last tensor: make it NaN, and re-sign the
    // manifest.
    ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN);
    Files.write(weights, bytes);
    Path manifestFile = expert.resolve(ExpertArtifact.MANIFEST);
    Files.writeString(
        manifestFile,
        Files.readString(manifestFile)
            .replace(ExpertManifest.read(manifestFile).tensorsSha256(), Digests.sha256(bytes)));

    assertThatThrownBy(
            () -> ModelMerge.merge(publicDir, List.of(expert), "m", 1, 1, false, manager))
        .isInstanceOf(MergeException.class)
        .hasMessageContaining("expert 'nan': expert.safetensors is invalid")
        .hasMessageContaining("NaN");
  }

  @Test
  void anAlteredFileDoesNotMatchItsManifest() throws IOException {
    ModelWeights publicModel = publicWeights(17);
    Path publicDir = writePublicQuietly(publicModel);
    Path expert = writeExpert(publicModel, publicDir, "altered", 18);
    Path weights = expert.resolve(ExpertArtifact.WEIGHTS);
    byte[] bytes = Files.readAllBytes(weights);
    ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f);
    Files.write(weights, bytes);

    assertThatThrownBy(() -> ExpertArtifact.open(expert))
        .isInstanceOf(MergeException.class)
        .hasMessageContaining("but its manifest says");
  }

  @Test
  void anUnknownManifestFieldIsRefused() throws IOException {
    ModelWeights publicModel = publicWeights(19);
    Path publicDir = writePublicQuietly(publicModel);
    Path expert = writeExpert(publicModel, publicDir, "strict", 20);
    Path manifestFile = expert.resolve(ExpertArtifact.MANIFEST);
    Files.writeString(
        manifestFile,
        Files.readString(manifestFile).replaceFirst("\\{", "{\"trainingData\": \"all of it\","));

    assertThatThrownBy(() -> ExpertArtifact.open(expert))
        .isInstanceOf(MergeException.class)
        .hasMessageContaining("trainingData");
  }
}
