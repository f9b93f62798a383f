package dev.flexmoe.model.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Experts taken from a dense model with 2x2 literal FFN projections. */
class DenseExpertsTest {

  private static final float[] GATE = {1, 2, 3, 4};
  private static final float[] UP = {5, 6, 7, 8};
  private static final float[] DOWN = {9, 0, 1, 2};

  private static float[] tensor(ExpertWeights expert, String name) {
    return expert.get(name).toFloatArray();
  }

  @Test
  void anExpertFromADenseModelCopiesItsFfnAndTakesTheRouterRow() {
    try (TwoByTwoModels models = new TwoByTwoModels()) {
      ModelWeights dense = models.dense(1, GATE, UP, DOWN);

      ExpertWeights expert =
          DenseExperts.fromDenseModel(dense, new float[] {0.5f, -0.5f}, models.manager());
      dense.get(TensorNames.expert(0, 0, "gate")).set(new float[] {0, 0, 0, 0});

      assertThat(expert.tensors().keySet())
          .containsExactlyInAnyOrder(
              ExpertLayout.projection(0, "gate"),
              ExpertLayout.projection(0, "up"),
              ExpertLayout.projection(0, "down"),
              ExpertLayout.routerRow(0));
      assertThat(tensor(expert, ExpertLayout.projection(0, "gate")))
          .as("a copy: changing the dense model afterwards leaves the expert alone")
          .containsExactly(1, 2, 3, 4);
      assertThat(tensor(expert, ExpertLayout.projection(0, "up"))).containsExactly(5, 6, 7, 8);
      assertThat(tensor(expert, ExpertLayout.projection(0, "down"))).containsExactly(9, 0, 1, 2);
      assertThat(expert.get(ExpertLayout.routerRow(0)).getShape().getShape()).containsExactly(1, 2);
      assertThat(tensor(expert, ExpertLayout.routerRow(0))).containsExactly(0.5f, -0.5f);
    }
  }

  @Test
  void upcyclingGivesOneCopyOfTheFfnPerRouterRow() {
    try (TwoByTwoModels models = new TwoByTwoModels()) {
      List<ExpertWeights> experts =
          DenseExperts.upcycled(
              models.dense(2, GATE, UP, DOWN),
              List.of(new float[] {1, 0}, new float[] {0, 1}),
              models.manager());

      assertThat(experts).hasSize(2);
      assertThat(tensor(experts.get(0), ExpertLayout.routerRow(0))).containsExactly(1, 0);
      assertThat(tensor(experts.get(1), ExpertLayout.routerRow(0))).containsExactly(0, 1);
      for (ExpertWeights expert : experts) {
        assertThat(tensor(expert, ExpertLayout.projection(0, "down"))).containsExactly(9, 0, 1, 2);
      }
    }
  }
}
