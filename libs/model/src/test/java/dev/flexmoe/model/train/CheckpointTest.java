package dev.flexmoe.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorTest;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest extends TensorTest {

  private static final TrainingSettings SETTINGS =
      new TrainingSettings(16, 4, 3e-3, 3e-4, 4, 1.0, 1e-3, 5, 0);
  private static final int[] DATA = SyntheticDomains.publicStream(5_000, 9);

  @TempDir Path dir;

  private TrainingRun newRun(ModelWeights weights) {
    return new TrainingRun(
        new FlexOlmoModel(weights),
        PublicPretraining.trainables(weights, 0.1f),
        new TokenWindows(DATA, 16),
        SETTINGS,
        Forward.defaults());
  }

  private ModelWeights freshWeights() {
    return ModelWeights.initialize(FlexOlmoConfig.micro(SyntheticDomains.VOCAB), manager, 13);
  }

  private static Map<String, float[]> snapshot(ModelWeights weights) {
    Map<String, float[]> copy = new HashMap<>();
    weights.tensors().forEach((name, tensor) -> copy.put(name, tensor.toFloatArray()));
    return copy;
  }

  @Test
  void aResumedRunReproducesTheUninterruptedOne() {
    ModelWeights straight = freshWeights();
    List<Double> straightLosses;
    try (TrainingRun run = newRun(straight)) {
      run.run(16, progress -> {});
      straightLosses = run.losses();
    }

    ModelWeights interrupted = freshWeights();
    Path checkpoints = dir.resolve("checkpoints");
    try (TrainingRun run = newRun(interrupted)) {
      run.run(7, progress -> {}, checkpoints);
    }
    ModelWeights resumed = freshWeights(); // a new process would start from the same weights
    List<Double> resumedLosses;
    try (TrainingRun run = newRun(resumed)) {
      Checkpoint.restore(run, Checkpoint.latest(checkpoints).orElseThrow());
      assertThat(run.step()).isEqualTo(7);
      run.run(16, progress -> {}, checkpoints);
      resumedLosses = run.losses();
    }

    assertThat(resumedLosses).isEqualTo(straightLosses);
    Map<String, float[]> expected = snapshot(straight);
    snapshot(resumed)
        .forEach((name, values) -> assertThat(values).as(name).isEqualTo(expected.get(name)));
    assertThat(Checkpoint.latest(checkpoints).orElseThrow().getFileName().toString())
        .isEqualTo("step-0000016");
  }

  @Test
  void onlyTheNewestCheckpointIsKeptAndOtherSettingsAreRefused() throws Exception {
    Path checkpoints = dir.resolve("checkpoints");
    try (TrainingRun run = newRun(freshWeights())) {
      run.run(3, progress -> {}, checkpoints);
      run.run(5, progress -> {}, checkpoints);
    }
    try (var children = Files.list(checkpoints)) {
      assertThat(children.map(path -> path.getFileName().toString()))
          .containsExactly("step-0000005");
    }

    ModelWeights weights = freshWeights();
    try (TrainingRun other =
        new TrainingRun(
            new FlexOlmoModel(weights),
            PublicPretraining.trainables(weights, 0.1f),
            new TokenWindows(DATA, 16),
            new TrainingSettings(16, 4, 1e-3, 1e-4, 4, 1.0, 1e-3, 5, 0),
            Forward.defaults())) {
      assertThatThrownBy(
              () -> Checkpoint.restore(other, Checkpoint.latest(checkpoints).orElseThrow()))
          .hasMessageContaining("other settings");
    }
  }
}
