package dev.flexmoe.model.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorTest;
import dev.flexmoe.model.nn.ExpertMask;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Continuous batching: sequences that join, decode together and leave at different times, each with
 * its own mask and sampling, get exactly the tokens they get decoding alone.
 */
class BatchedGeneratorTest extends TensorTest {

  private FlexOlmoModel model;

  @BeforeEach
  void makeTheModel() {
    model =
        new FlexOlmoModel(
            ModelWeights.initialize(FlexOlmoConfig.micro(50).withExperts(3, 2), manager, 3));
  }

  private List<Integer> alone(int[] prompt, int tokens, Sampling sampling, ExpertMask mask) {
    return Generator.generate(
        model, prompt, tokens, sampling, token -> false, Forward.defaults().withMask(mask));
  }

  @Test
  void sequencesJoiningAndLeavingGetTheTokensTheyGetAlone() {
    int[] greedyPrompt = {1, 2, 3};
    int[] sampledPrompt = {7, 7, 8, 9, 10};
    int[] latePrompt = {4};
    Sampling hot = new Sampling(1.2, 0.9, 17);
    ExpertMask withoutTwo = ExpertMask.excluding(3, List.of(2));
    ExpertMask publicOnly = ExpertMask.only(3, List.of());

    try (BatchedGenerator batch = new BatchedGenerator(model, 3, 0)) {
      BatchedGenerator.Sequence greedy =
          batch.add(greedyPrompt, 10, Sampling.greedy(), token -> false, null);
      BatchedGenerator.Sequence sampled =
          batch.add(sampledPrompt, 4, hot, token -> false, withoutTwo);
      for (int i = 0; i < 5; i++) {
        batch.step();
      }
      assertThat(sampled.finished()).isTrue(); // left after its 4 tokens
      BatchedGenerator.Sequence late =
          batch.add(latePrompt, 6, Sampling.greedy(), token -> false, publicOnly);
      while (batch.running() > 0) {
        batch.step();
      }

      assertThat(greedy.generated()).isEqualTo(alone(greedyPrompt, 10, Sampling.greedy(), null));
      assertThat(sampled.generated()).isEqualTo(alone(sampledPrompt, 4, hot, withoutTwo));
      assertThat(late.generated()).isEqualTo(alone(latePrompt, 6, Sampling.greedy(), publicOnly));
      assertThat(batch.hasRoom()).isTrue();
    }
  }

  @Test
  void aStopTokenEndsOnlyItsSequence() {
    try (BatchedGenerator batch = new BatchedGenerator(model, 2, 0)) {
      List<Integer> free = alone(new int[] {5, 6}, 8, Sampling.greedy(), null);
      int stopAt = free.get(2);
      BatchedGenerator.Sequence stopping =
          batch.add(new int[] {5, 6}, 8, Sampling.greedy(), token -> token == stopAt, null);
      BatchedGenerator.Sequence running =
          batch.add(new int[] {5, 6}, 8, Sampling.greedy(), token -> false, null);
      while (batch.running() > 0) {
        batch.step();
      }
      assertThat(stopping.generated()).isEqualTo(free.subList(0, free.indexOf(stopAt) + 1));
      assertThat(running.generated()).isEqualTo(free);
    }
  }

  @Test
  void aFullBatchRefusesAnotherSequence() {
    try (BatchedGenerator batch = new BatchedGenerator(model, 1, 0)) {
      batch.add(new int[] {1}, 5, Sampling.greedy(), token -> false, null);
      assertThat(batch.hasRoom()).isFalse();
      assertThatThrownBy(() -> batch.add(new int[] {2}, 5, Sampling.greedy(), token -> false, null))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("all 1 slots are taken");
    }
  }

  @Test
  void scoresAreTheLogSoftmaxOfTheModelsLogitsForThePromptAndEachToken() {
    int[] prompt = {3, 9, 4, 1, 22};
    float[][] expected = new float[prompt.length][];
    try (NDManager scope = manager.newSubManager()) {
      long[] ids = java.util.Arrays.stream(prompt).asLongStream().toArray();
      ai.djl.ndarray.NDArray logprobs =
          model
              .forward(
                  scope.create(ids, new ai.djl.ndarray.types.Shape(1, ids.length)),
                  Forward.defaults())
              .logits()
              .logSoftmax(-1);
      for (int i = 0; i < prompt.length; i++) {
        expected[i] = logprobs.get(0, i).toFloatArray();
      }
    }
    try (BatchedGenerator batch = new BatchedGenerator(model, 2, 0)) {
      BatchedGenerator.Scoring scoring = new BatchedGenerator.Scoring(3, true);
      BatchedGenerator.Sequence onlyScored =
          batch.add(prompt, 0, Sampling.greedy(), token -> false, null, scoring);
      assertThat(onlyScored.finished()).isTrue();
      assertThat(onlyScored.generated()).isEmpty();
      assertThat(onlyScored.promptScores()).hasSize(prompt.length - 1);
      for (int i = 1; i < prompt.length; i++) {
        TokenScore score = onlyScored.promptScores().get(i - 1);
        assertThat(score.token()).isEqualTo(prompt[i]);
        assertThat(score.logprob()).isCloseTo(expected[i - 1][prompt[i]], within(1e-5f));
        assertThat(score.topLogprobs()).hasSize(3);
        assertThat(score.topLogprobs()[0]).isCloseTo(max(expected[i - 1]), within(1e-5f));
      }

      BatchedGenerator.Sequence generated =
          batch.add(
              prompt,
              4,
              Sampling.greedy(),
              token -> false,
              null,
              new BatchedGenerator.Scoring(2, false));
      while (batch.running() > 0) {
        batch.step();
      }
      assertThat(generated.promptScores()).isEmpty();
      assertThat(generated.scores()).hasSize(4);
      for (int i = 0; i < 4; i++) {
        TokenScore score = generated.scores().get(i);
        // greedy: the chosen token is the most likely one
        assertThat(score.token()).isEqualTo(generated.generated().get(i));
        assertThat(score.topTokens()[0]).isEqualTo(score.token());
        assertThat(score.logprob()).isEqualTo(score.topLogprobs()[0]);
        assertThat(score.logprob()).isNegative();
      }
    }
  }

  private static float max(float[] values) {
    float best = Float.NEGATIVE_INFINITY;
    for (float value : values) {
      best = Math.max(best, value);
    }
    return best;
  }

  @Test
  void anAttributingGeneratorCountsTheTokensEachExpertWasRoutedOnlyWhereItServed() {
    int[] prompt = {7, 7, 8, 9};
    try (BatchedGenerator batch = BatchedGenerator.attributing(model, 2, 0)) {
      BatchedGenerator.Sequence all = batch.add(prompt, 5, Sampling.greedy(), token -> false, null);
      BatchedGenerator.Sequence publicOnly =
          batch.add(prompt, 5, Sampling.greedy(), token -> false, ExpertMask.only(3, List.of()));
      while (batch.running() > 0) {
        batch.step();
      }
      // every token the model processed: the prompt, then each generated token but the last
      int processed = prompt.length + 5 - 1;
      double[] routed = all.routedTokens();
      // k = 2 of 3 experts, each with a weight above zero, in every layer
      assertThat(routed[0] + routed[1] + routed[2]).isEqualTo(2.0 * processed);
      // the public-only sequence shared the batch, yet only the public expert served it
      assertThat(publicOnly.routedTokens()).containsExactly(processed, 0.0, 0.0);
    }
    try (BatchedGenerator plain = new BatchedGenerator(model, 1, 0)) {
      BatchedGenerator.Sequence sequence =
          plain.add(prompt, 2, Sampling.greedy(), token -> false, null);
      assertThat(sequence.routedTokens()).containsOnly(0.0);
    }
  }
}
