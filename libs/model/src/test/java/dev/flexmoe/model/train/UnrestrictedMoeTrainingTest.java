package dev.flexmoe.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnrestrictedMoeTrainingTest {

  @Test
  void matchesTheFlopsOfTheSeparateExpertTrainings() {
    // 3 experts of 50 steps at 504 FLOPs per token (TrainingFlopsTest); the joint model (the
    // public expert + 3, top-2) costs 528 per token: round(3 * 50 * 504 / 528) = round(143.18).
    assertThat(UnrestrictedMoeTraining.flopMatchedSteps(TrainingFlopsTest.TINY, 3, 2, 50))
        .isEqualTo(143);
  }

  @Test
  void trainsEveryExpertAndTheRouterWithoutWeightDecay() {
    try (NDManager manager = NDManager.newBaseManager()) {
      ModelWeights moe =
          ModelWeights.initialize(TrainingFlopsTest.TINY.withExperts(2, 2), manager, 1);

      List<Trainable> trainables = UnrestrictedMoeTraining.trainables(moe);

      assertThat(trainables)
          .extracting(Trainable::name)
          .containsExactly(
              TensorNames.expert(0, 0, "gate"),
              TensorNames.expert(0, 0, "up"),
              TensorNames.expert(0, 0, "down"),
              TensorNames.expert(0, 1, "gate"),
              TensorNames.expert(0, 1, "up"),
              TensorNames.expert(0, 1, "down"),
              TensorNames.router(0));
      assertThat(trainables).extracting(Trainable::weightDecay).containsOnly(0f);
    }
  }
}
