package dev.flexmoe.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.artifact.DenseExperts;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertLayout;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.artifact.ExpertWeights;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.eval.EncodedDocument;
import dev.flexmoe.model.validation.AnchorModel;
import dev.flexmoe.model.validation.ProbeText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What validating one expert takes, made without training (which would dominate the benchmark): a
 * freshly initialized public checkpoint, an expert that is its FFN plus small deterministic noise
 * (close enough to the public FFN for the numeric checks), and a probe text of random tokens.
 */
final class ValidationInputs {

  static final String DOMAIN = "synthetic";

  /** Noise standard deviation relative to the initializer's: cosine to the public FFN ~0.995. */
  private static final double NOISE = 0.1;

  final AnchorModel anchor;
  final ExpertWeights expert;
  final Path artifact;
  final ProbeText probe;

  /**
   * @param probeTokens tokens of probe text, in documents of the model's context (one "byte" per
   *     token, as in the synthetic domains)
   */
  ValidationInputs(FlexOlmoConfig config, int probeTokens, Path root, NDManager manager) {
    Path publicDir = root.resolve("public");
    try (NDManager initial = manager.newSubManager()) {
      HfCheckpoint.write(ModelWeights.initialize(config, initial, 7), null, publicDir);
    }
    // The anchor as a service holds it: read back from its files, named by their digest.
    anchor = new AnchorModel(HfCheckpoint.read(publicDir, manager), HfCheckpoint.digest(publicDir));
    Random random = new Random(11);
    expert = noisyCopy(anchor.weights(), random, manager);
    artifact =
        ExpertArtifact.write(expert, draft(config, anchor.digest()), root.resolve(DOMAIN)).dir();
    probe = new ProbeText(randomDocuments(config, probeTokens, random), 0);
  }

  private static ExpertWeights noisyCopy(ModelWeights dense, Random random, NDManager manager) {
    float[] routerRow = gaussian(dense.config().hiddenSize(), 0.02, random);
    ExpertWeights expert = DenseExperts.fromDenseModel(dense, routerRow, manager);
    double sigma = NOISE * dense.config().initializerRange();
    for (int layer = 0; layer < dense.config().numHiddenLayers(); layer++) {
      for (String projection : TensorNames.PROJECTIONS) {
        NDArray tensor = expert.get(ExpertLayout.projection(layer, projection));
        float[] values = tensor.toFloatArray();
        float[] noise = gaussian(values.length, sigma, random);
        for (int i = 0; i < values.length; i++) {
          values[i] += noise[i];
        }
        tensor.set(values);
      }
    }
    return expert;
  }

  /** Declared metrics are claims the validator compares, not measures: the expert claims a gain. */
  private static ExpertManifest.Draft draft(FlexOlmoConfig config, String anchorDigest) {
    return new ExpertManifest.Draft(
        anchorDigest,
        DOMAIN,
        "bench",
        ExpertManifest.Shape.of(config),
        Map.of("tokens", 0L),
        Map.of("steps", 0.0),
        Map.of(
            ExpertManifest.VALIDATION_BITS_PER_BYTE, 1.0,
            ExpertManifest.PUBLIC_VALIDATION_BITS_PER_BYTE, 1.1));
  }

  private static List<EncodedDocument> randomDocuments(
      FlexOlmoConfig config, int tokens, Random random) {
    List<EncodedDocument> documents = new ArrayList<>();
    for (int start = 0; start < tokens; start += config.maxPositionEmbeddings()) {
      int[] document = new int[Math.min(config.maxPositionEmbeddings(), tokens - start)];
      for (int i = 0; i < document.length; i++) {
        document[i] = random.nextInt(config.vocabSize());
      }
      documents.add(new EncodedDocument(document, document.length));
    }
    return documents;
  }

  private static float[] gaussian(int count, double sigma, Random random) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (sigma * random.nextGaussian());
    }
    return values;
  }
}
