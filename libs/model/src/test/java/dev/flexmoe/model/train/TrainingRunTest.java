package dev.flexmoe.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.TensorTest;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.nn.Precision;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrainingRunTest extends TensorTest {

  private static final int CONTEXT = 32;

  private static TrainingSettings settings(int steps, double rate) {
    return new TrainingSettings(steps, 8, rate, rate / 10, 5, 1.0, 1e-3, 42, 0);
  }

  private ModelWeights publicModel(int steps) {
    FlexOlmoConfig config = FlexOlmoConfig.micro(SyntheticDomains.VOCAB);
    ModelWeights weights = ModelWeights.initialize(config, manager, 7);
    TokenWindows data = new TokenWindows(SyntheticDomains.publicStream(20_000, 1), CONTEXT);
    FlexOlmoModel model = new FlexOlmoModel(weights);
    try (TrainingRun run =
        new TrainingRun(
            model,
            PublicPretraining.trainables(weights, 0.1f),
            data,
            settings(steps, 3e-3),
            Forward.defaults())) {
      run.run(steps, progress -> {});
    }
    return weights;
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  private static Map<String, float[]> snapshot(ModelWeights weights) {
    Map<String, float[]> copy = new HashMap<>();
    weights.tensors().forEach((name, tensor) -> copy.put(name, tensor.toFloatArray()));
    return copy;
  }

  @Test
  void pretrainingLowersTheLoss() {
    FlexOlmoConfig config = FlexOlmoConfig.micro(SyntheticDomains.VOCAB);
    ModelWeights weights = ModelWeights.initialize(config, manager, 3);
    TokenWindows data = new TokenWindows(SyntheticDomains.publicStream(20_000, 2), CONTEXT);
    try (TrainingRun run =
        new TrainingRun(
            new FlexOlmoModel(weights),
            PublicPretraining.trainables(weights, 0.1f),
            data,
            settings(60, 3e-3),
            Forward.defaults())) {
      run.run(60, progress -> {});

      List<Double> losses = run.losses();
      assertThat(losses).hasSize(60);
      assertThat(losses.get(0))
          .isCloseTo(Math.log(SyntheticDomains.VOCAB), org.assertj.core.data.Offset.offset(0.3));
      assertThat(mean(losses.subList(50, 60))).isLessThan(mean(losses.subList(0, 10)) - 0.5);
    }
  }

  @Test
  void mixedPrecisionTrainingLowersTheLossAsFloat32Does() {
    FlexOlmoConfig config = FlexOlmoConfig.micro(SyntheticDomains.VOCAB);
    TokenWindows data = new TokenWindows(SyntheticDomains.publicStream(20_000, 2), CONTEXT);
    Map<Precision, List<Double>> losses = new java.util.EnumMap<>(Precision.class);
    for (Precision precision : Precision.values()) {
      ModelWeights weights = ModelWeights.initialize(config, manager, 3);
      TrainingSettings base = settings(60, 3e-3);
      TrainingSettings settings =
          new TrainingSettings(
              base.steps(),
              base.batchSize(),
              base.peakLearningRate(),
              base.minLearningRate(),
              base.warmupSteps(),
              base.gradientClip(),
              base.routerZLoss(),
              base.seed(),
              base.checkpointEvery(),
              precision);
      try (TrainingRun run =
          new TrainingRun(
              new FlexOlmoModel(weights),
              PublicPretraining.trainables(weights, 0.1f),
              data,
              settings,
              Forward.defaults())) {
        run.run(60, progress -> {});
        losses.put(precision, run.losses());
        for (String name : weights.tensors().keySet()) {
          assertThat(weights.get(name).getDataType()).as(name).isEqualTo(DataType.FLOAT32);
        }
      }
    }
    List<Double> float32 = losses.get(Precision.FLOAT32);
    List<Double> bfloat16 = losses.get(Precision.BFLOAT16);
    assertThat(bfloat16).isNotEqualTo(float32); // the products did change
    assertThat(mean(bfloat16.subList(50, 60))).isLessThan(mean(bfloat16.subList(0, 10)) - 0.5);
    // same data, same start: the two runs end within a few hundredths of a nat of each other
    assertThat(mean(bfloat16.subList(50, 60)))
        .isCloseTo(mean(float32.subList(50, 60)), org.assertj.core.data.Offset.offset(0.05));
  }

  @Test
  void expertTrainingChangesOnlyItsOwnTensorsAndLowersItsLoss() {
    ModelWeights publicWeights = publicModel(40);
    FlexOlmoModel publicModel = new FlexOlmoModel(publicWeights);
    int[] domain = SyntheticDomains.domain(1, 20_000, 5);
    float[] embedding =
        DomainEmbedding.compute(publicModel, SyntheticDomains.documents(domain, CONTEXT), 1);
    ModelWeights expert = ExpertTraining.coordinatedModel(publicWeights, embedding);
    Map<String, float[]> before = snapshot(expert);
    List<Trainable> trainables = ExpertTraining.trainables(expert);
    Set<String> trained = trainables.stream().map(Trainable::name).collect(Collectors.toSet());

    try (TrainingRun run =
        new TrainingRun(
            new FlexOlmoModel(expert),
            trainables,
            new TokenWindows(domain, CONTEXT),
            settings(40, 3e-3),
            Forward.defaults())) {
      run.run(40, progress -> {});
      assertThat(mean(run.losses().subList(30, 40))).isLessThan(mean(run.losses().subList(0, 10)));
    }

    Map<String, float[]> after = snapshot(expert);
    int d = expert.config().hiddenSize();
    for (String name : before.keySet()) {
      float[] old = before.get(name);
      float[] now = after.get(name);
      if (name.endsWith("mlp.gate.weight")) {
        assertThat(bits(Arrays.copyOfRange(now, 0, d)))
            .as("public row of %s", name)
            .isEqualTo(bits(Arrays.copyOfRange(old, 0, d)));
        assertThat(Arrays.copyOfRange(now, d, 2 * d))
            .as("expert row of %s", name)
            .isNotEqualTo(Arrays.copyOfRange(old, d, 2 * d));
      } else if (name.endsWith("mlp.gate.bias")) {
        assertThat(Float.floatToRawIntBits(now[0])).isEqualTo(Float.floatToRawIntBits(old[0]));
        assertThat(now[1]).isNotEqualTo(old[1]);
      } else if (trained.contains(name)) {
        assertThat(now).as(name).isNotEqualTo(old);
      } else {
        assertThat(bits(now)).as("frozen %s", name).isEqualTo(bits(old));
      }
    }
    // The frozen part is the public model itself.
    for (int layer = 0; layer < expert.config().numHiddenLayers(); layer++) {
      NDArray publicFfn = publicWeights.get(TensorNames.expert(layer, 0, "up"));
      assertThat(bits(after.get(TensorNames.expert(layer, 0, "up"))))
          .isEqualTo(bits(publicFfn.toFloatArray()));
    }
  }

  @Test
  void theSameSeedGivesTheSameLossCurve() {
    List<Double> first = shortRun();
    List<Double> second = shortRun();

    assertThat(second).isEqualTo(first);
  }

  private List<Double> shortRun() {
    FlexOlmoConfig config = FlexOlmoConfig.micro(SyntheticDomains.VOCAB);
    try (NDManager scope = manager.newSubManager()) {
      ModelWeights weights = ModelWeights.initialize(config, scope, 11);
      try (TrainingRun run =
          new TrainingRun(
              new FlexOlmoModel(weights),
              PublicPretraining.trainables(weights, 0.1f),
              new TokenWindows(SyntheticDomains.publicStream(5_000, 3), CONTEXT),
              settings(8, 3e-3),
              Forward.defaults())) {
        run.run(8, progress -> {});
        return run.losses();
      }
    }
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
