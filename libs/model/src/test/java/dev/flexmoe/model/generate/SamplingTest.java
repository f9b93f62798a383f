package dev.flexmoe.model.generate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.TensorTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The native sampler draws from the distribution it promises: softmax at the temperature, cut to
 * the nucleus, each row with its own generator, greedy rows untouched.
 */
class SamplingTest extends TensorTest {

  private static final int DRAWS = 4000;

  /** Logits whose softmax is {@code probabilities}, in a row of their own. */
  private NDArray logitsOf(float... probabilities) {
    float[] logits = new float[probabilities.length];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) Math.log(probabilities[i]);
    }
    return manager.create(logits, new Shape(1, logits.length));
  }

  private double[] frequencies(NDArray logits, Sampling sampling) {
    Sampling.Sampler sampler = sampling.sampler();
    double[] counts = new double[(int) logits.getShape().get(1)];
    for (int i = 0; i < DRAWS; i++) {
      counts[(int) Sampling.next(logits, List.of(sampler))[0]]++;
    }
    for (int token = 0; token < counts.length; token++) {
      counts[token] /= DRAWS;
    }
    return counts;
  }

  /** Four standard errors of a frequency estimated from {@value #DRAWS} draws. */
  private static double tolerance(double p) {
    return 4 * Math.sqrt(p * (1 - p) / DRAWS);
  }

  @Test
  void withoutANucleusTokensComeAsOftenAsTheirProbability() {
    double[] seen = frequencies(logitsOf(0.5f, 0.3f, 0.15f, 0.05f), new Sampling(1, 1, 1));

    double[] expected = {0.5, 0.3, 0.15, 0.05};
    for (int token = 0; token < expected.length; token++) {
      assertThat(seen[token]).isCloseTo(expected[token], within(tolerance(expected[token])));
    }
  }

  @Test
  void theNucleusStopsAtTheFirstTokenThatReachesTopPAndRenormalizes() {
    // before 0.5: 0; before 0.3: 0.5 < 0.6 kept; before 0.15: 0.8 >= 0.6 cut
    double[] seen = frequencies(logitsOf(0.15f, 0.5f, 0.05f, 0.3f), new Sampling(1, 0.6, 2));

    assertThat(seen[0]).isZero();
    assertThat(seen[2]).isZero();
    assertThat(seen[1]).isCloseTo(0.5 / 0.8, within(tolerance(0.625)));
    assertThat(seen[3]).isCloseTo(0.3 / 0.8, within(tolerance(0.375)));
  }

  @Test
  void aNucleusBeyondTheLikeliestCandidatesIsFoundAmongAllTokens() {
    // 1000 tokens, nearly flat: half the mass takes about 400 of them, more than are searched first
    int vocabulary = 1000;
    float[] probabilities = new float[vocabulary];
    double sum = 0;
    for (int i = 0; i < vocabulary; i++) {
      probabilities[i] = 1 + i / 1000f;
      sum += probabilities[i];
    }
    for (int i = 0; i < vocabulary; i++) {
      probabilities[i] /= (float) sum;
    }
    // the nucleus by its definition: most likely first, until the mass before reaches top-p
    double before = 0;
    int smallest = vocabulary;
    for (int i = vocabulary - 1; i >= 0 && before < 0.5; i--) {
      before += probabilities[i];
      smallest = i;
    }
    assertThat(vocabulary - smallest).isGreaterThan(256);

    double[] seen = frequencies(logitsOf(probabilities), new Sampling(1, 0.5, 4));

    double mass = 0;
    for (int i = smallest; i < vocabulary; i++) {
      mass += probabilities[i];
    }
    for (int token = 0; token < vocabulary; token++) {
      if (token < smallest) {
        assertThat(seen[token]).as("token %d is outside the nucleus", token).isZero();
      }
    }
    // about 400 nearly equal tokens over 4000 draws: each is seen, beyond the candidates
    long distinct = java.util.Arrays.stream(seen).filter(frequency -> frequency > 0).count();
    assertThat(distinct).isEqualTo(vocabulary - smallest);
    double expected = probabilities[vocabulary - 1] / mass;
    assertThat(seen[vocabulary - 1]).isCloseTo(expected, within(tolerance(expected)));
  }

  @Test
  void temperatureSharpensAndFlattens() {
    NDArray logits = logitsOf(0.6f, 0.4f);
    // at temperature t the odds 0.6 : 0.4 become 0.6^(1/t) : 0.4^(1/t)
    for (double temperature : new double[] {0.5, 2.0}) {
      double a = Math.pow(0.6, 1 / temperature);
      double b = Math.pow(0.4, 1 / temperature);
      double expected = a / (a + b);
      double[] seen = frequencies(logits, new Sampling(temperature, 1, 3));
      assertThat(seen[0]).isCloseTo(expected, within(tolerance(expected)));
    }
  }

  @Test
  void rowsDrawWithTheirOwnGeneratorsAndGreedyRowsTakeTheMostLikelyToken() {
    NDArray one = logitsOf(0.2f, 0.3f, 0.5f);
    NDArray batch = one.concat(one, 0).concat(one, 0);
    Sampling hot = new Sampling(1, 1, 9);
    List<Integer> aloneFirst = new ArrayList<>();
    List<Integer> aloneThird = new ArrayList<>();
    Sampling.Sampler first = hot.sampler();
    Sampling.Sampler third = new Sampling(1, 1, 10).sampler();
    for (int i = 0; i < 50; i++) {
      aloneFirst.add((int) Sampling.next(one, List.of(first))[0]);
      aloneThird.add((int) Sampling.next(one, List.of(third))[0]);
    }
    List<Sampling.Sampler> samplers =
        List.of(hot.sampler(), Sampling.greedy().sampler(), new Sampling(1, 1, 10).sampler());
    // a row with a nucleus beside rows without one: only it is cut
    NDArray four = batch.concat(one, 0);
    List<Sampling.Sampler> mixed =
        List.of(
            new Sampling(1, 1, 11).sampler(),
            Sampling.greedy().sampler(),
            new Sampling(1, 0.4, 12).sampler(),
            new Sampling(1, 1, 13).sampler());
    long[][] seen = new long[4][3];
    for (int i = 0; i < 400; i++) {
      long[] tokens = Sampling.next(four, mixed);
      for (int row = 0; row < 4; row++) {
        seen[row][(int) tokens[row]]++;
      }
    }
    assertThat(seen[0]).doesNotContain(0L);
    assertThat(seen[1]).containsExactly(0, 0, 400);
    assertThat(seen[2]).containsExactly(0, 0, 400); // 0.5 alone reaches 0.4
    assertThat(seen[3]).doesNotContain(0L);
    for (int i = 0; i < 50; i++) {
      long[] tokens = Sampling.next(batch, samplers);
      assertThat(tokens[0]).isEqualTo(aloneFirst.get(i).longValue());
      assertThat(tokens[1]).isEqualTo(2);
      assertThat(tokens[2]).isEqualTo(aloneThird.get(i).longValue());
    }
    assertThat(aloneFirst).isNotEqualTo(aloneThird);
  }

  private static org.assertj.core.data.Offset<Double> within(double offset) {
    return org.assertj.core.data.Offset.offset(offset);
  }
}
