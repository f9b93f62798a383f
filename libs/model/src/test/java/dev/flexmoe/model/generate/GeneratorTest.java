package dev.flexmoe.model.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorTest;
import dev.flexmoe.model.nn.ExpertMask;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GeneratorTest extends TensorTest {

  private FlexOlmoModel model;

  @BeforeEach
  void makeTheModel() {
    model =
        new FlexOlmoModel(
            ModelWeights.initialize(FlexOlmoConfig.micro(50).withExperts(3, 2), manager, 3));
  }

  private List<Integer> generate(Sampling sampling, Forward forward) {
    return Generator.generate(model, new int[] {1, 2, 3}, 12, sampling, token -> false, forward);
  }

  /** Greedy decoding by recomputing the whole sequence each step: the reference for the cache. */
  private List<Integer> greedyWithoutCache(Forward forward) {
    List<Integer> sequence = new ArrayList<>(List.of(1, 2, 3));
    List<Integer> generated = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      long[] ids = sequence.stream().mapToLong(Integer::longValue).toArray();
      try (NDManager scope = manager.newSubManager()) {
        NDArray logits =
            model.forward(scope.create(ids, new Shape(1, ids.length)), forward).logits();
        float[] last = logits.get(new NDIndex("0, -1")).toFloatArray();
        int best = 0;
        for (int t = 1; t < last.length; t++) {
          if (last[t] > last[best]) {
            best = t;
          }
        }
        generated.add(best);
        sequence.add(best);
      }
    }
    return generated;
  }

  @Test
  void greedyWithTheCacheEqualsGreedyRecomputation() {
    Forward masked = Forward.defaults().withMask(ExpertMask.excluding(3, List.of(2)));

    assertThat(generate(Sampling.greedy(), Forward.defaults()))
        .isEqualTo(greedyWithoutCache(Forward.defaults()));
    assertThat(generate(Sampling.greedy(), masked)).isEqualTo(greedyWithoutCache(masked));
  }

  @Test
  void samplingIsReproducibleForASeedAndATinyNucleusIsGreedy() {
    Sampling hot = new Sampling(1.5, 1.0, 42);

    assertThat(generate(hot, Forward.defaults())).isEqualTo(generate(hot, Forward.defaults()));
    assertThat(generate(new Sampling(1.5, 1.0, 43), Forward.defaults()))
        .isNotEqualTo(generate(hot, Forward.defaults()));
    assertThat(generate(new Sampling(1.0, 1e-6, 7), Forward.defaults()))
        .isEqualTo(generate(Sampling.greedy(), Forward.defaults()));
  }

  @Test
  void stopsAtTheStopTokenAndAtTheContext() {
    List<Integer> greedy = generate(Sampling.greedy(), Forward.defaults());
    int stopAt = greedy.get(2);
    List<Integer> stopped =
        Generator.generate(
            model,
            new int[] {1, 2, 3},
            12,
            Sampling.greedy(),
            token -> token == stopAt,
            Forward.defaults());

    assertThat(stopped).isEqualTo(greedy.subList(0, greedy.indexOf(stopAt) + 1));
    int context = model.config().maxPositionEmbeddings();
    assertThat(
            Generator.generate(
                model,
                new int[context - 2],
                100,
                Sampling.greedy(),
                token -> false,
                Forward.defaults()))
        .hasSize(2);
    assertThat(
            Generator.generate(
                model, new int[] {1, 2}, 0, Sampling.greedy(), token -> false, Forward.defaults()))
        .isEmpty();
    assertThatThrownBy(() -> new Sampling(-1, 1, 0)).hasMessageContaining("temperature");
    assertThatThrownBy(
            () ->
                Generator.generate(
                    model,
                    new int[context],
                    1,
                    Sampling.greedy(),
                    token -> false,
                    Forward.defaults()))
        .hasMessageContaining("the context holds");
  }
}
