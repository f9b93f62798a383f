package dev.flexmoe.model.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.artifact.ModelSoups.Mix;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Model soups of two dense models whose FFN projections are 2x2 literal matrices. */
class ModelSoupsTest {

  private final TwoByTwoModels models = new TwoByTwoModels();
  private final ModelWeights first =
      models.dense(
          1, new float[] {1, 2, 3, 4}, new float[] {0, 0, 0, 0}, new float[] {-1, 1, -2, 2});
  private final ModelWeights second =
      models.dense(2, new float[] {3, 6, 9, 0}, new float[] {2, 2, 2, 2}, new float[] {1, 1, 2, 2});

  @AfterEach
  void close() {
    models.close();
  }

  private static float[] projection(ModelWeights model, String projection) {
    return model.get(TensorNames.expert(0, 0, projection)).toFloatArray();
  }

  @Test
  void ffnListsEveryProjectionInLayerThenGateUpDownOrder() {
    float[][] ffn = ModelSoups.ingredient(first, Mix.FFN);

    assertThat(ffn).hasNumberOfRows(3);
    assertThat(ffn[0]).containsExactly(1, 2, 3, 4);
    assertThat(ffn[1]).containsExactly(0, 0, 0, 0);
    assertThat(ffn[2]).containsExactly(-1, 1, -2, 2);
  }

  @Test
  void theUniformSoupIsTheLiteralAverage() {
    float[] embedding = first.get(TensorNames.EMBED).toFloatArray();

    ModelSoups.setAverage(
        first,
        List.of(ModelSoups.ingredient(first, Mix.FFN), ModelSoups.ingredient(second, Mix.FFN)),
        Mix.FFN);

    assertThat(projection(first, "gate")).containsExactly(2, 4, 6, 2);
    assertThat(projection(first, "up")).containsExactly(1, 1, 1, 1);
    assertThat(projection(first, "down")).containsExactly(0, 1, 0, 2);
    assertThat(first.get(TensorNames.EMBED).toFloatArray())
        .as("everything but the FFN stays the target's")
        .containsExactly(embedding);
  }

  @Test
  void theWeightedSoupWeighsEachIngredient() {
    ModelSoups.setWeighted(
        first,
        List.of(ModelSoups.ingredient(first, Mix.FFN), ModelSoups.ingredient(second, Mix.FFN)),
        new double[] {0.25, 0.75},
        Mix.FFN);

    // 0.25 * first + 0.75 * second, entry by entry
    assertThat(projection(first, "gate")).containsExactly(2.5f, 5, 7.5f, 1);
    assertThat(projection(first, "up")).containsExactly(1.5f, 1.5f, 1.5f, 1.5f);
    assertThat(projection(first, "down")).containsExactly(0.5f, 1, 1, 2);
  }

  @Test
  void aSoupNeedsOneWeightPerIngredient() {
    List<float[][]> ffns =
        List.of(ModelSoups.ingredient(first, Mix.FFN), ModelSoups.ingredient(second, Mix.FFN));

    assertThatThrownBy(() -> ModelSoups.setWeighted(first, ffns, new double[] {1}, Mix.FFN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a soup needs one weight per ingredient: 1 for 2");
  }

  @Test
  void anAllTensorSoupAveragesEveryTensorNotOnlyTheFfn() {
    float[] firstEmbedding = first.get(TensorNames.EMBED).toFloatArray();
    float[] secondEmbedding = second.get(TensorNames.EMBED).toFloatArray();

    ModelSoups.setAverage(
        first,
        List.of(
            ModelSoups.ingredient(first, Mix.ALL_TENSORS),
            ModelSoups.ingredient(second, Mix.ALL_TENSORS)),
        Mix.ALL_TENSORS);

    float[] averaged = first.get(TensorNames.EMBED).toFloatArray();
    for (int i = 0; i < averaged.length; i++) {
      assertThat(averaged[i]).isEqualTo(0.5f * firstEmbedding[i] + 0.5f * secondEmbedding[i]);
    }
    assertThat(projection(first, "gate")).containsExactly(2, 4, 6, 2);
    assertThat(ModelSoups.ingredient(first, Mix.ALL_TENSORS))
        .as("one array per tensor of the model")
        .hasNumberOfRows(first.tensors().size());
  }

  @Test
  void anFfnIngredientDoesNotFitAnAllTensorSoup() {
    List<float[][]> ffns = List.<float[][]>of(ModelSoups.ingredient(second, Mix.FFN));

    assertThatThrownBy(() -> ModelSoups.setAverage(first, ffns, Mix.ALL_TENSORS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("an ingredient has 3 tensors, the soup mixes ");
  }
}
