package dev.flexmoe.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-document ensembles on cases small enough to compute by hand. */
class EnsemblesTest {

  private static float ln(double p) {
    return (float) Math.log(p);
  }

  // Three candidates on a 3-token document. Likelihoods of the whole (prefix) document: A 1/8,
  // B 1/64, C 1/512; so the prefix weights are 64:8:1 / 73.
  private static final float[] A = {ln(0.5), ln(0.5), ln(0.5)};
  private static final float[] B = {ln(0.25), ln(0.5), ln(0.125)};
  private static final float[] C = {ln(0.125), ln(0.125), ln(0.125)};

  @Test
  void softmaxOfLiteralNumbers() {
    assertThat(Ensembles.softmax(new double[] {0, Math.log(3)}))
        .containsExactly(new double[] {0.25, 0.75}, within(1e-15));
    assertThat(Ensembles.softmax(new double[] {2, 2, 2, 2}))
        .containsExactly(0.25, 0.25, 0.25, 0.25);
  }

  @Test
  void softmaxDoesNotOverflowOnLargeValues() {
    assertThat(Ensembles.softmax(new double[] {1000, 1000 + Math.log(3)}))
        .containsExactly(new double[] {0.25, 0.75}, within(1e-12));
  }

  @Test
  void prefixLogLikelihoodsSumOnlyThePrefix() {
    float[] longDocument = new float[40];
    Arrays.fill(longDocument, -0.5f);
    float[] unlikelyTail = new float[40];
    Arrays.fill(unlikelyTail, 0, 32, -0.25f);
    Arrays.fill(unlikelyTail, 32, 40, -100f);

    assertThat(Ensembles.prefixLogLikelihoods(List.of(longDocument, unlikelyTail)))
        .containsExactly(-16.0, -8.0);
  }

  @Test
  void prefixWeightsAreThePosteriorUnderAUniformPrior() {
    assertThat(Ensembles.prefixWeights(List.of(C, B, A)))
        .containsExactly(new double[] {1.0 / 73, 8.0 / 73, 64.0 / 73}, within(1e-7));
  }

  @Test
  void classifierRoutingTakesTheLikeliestCandidate() {
    assertThat(Ensembles.classifierRouted(List.of(C, B, A))).isSameAs(A);
  }

  @Test
  void btmMixesTheTopTwoWithRenormalizedWeights() {
    // Top two: A and B, weights 64/72 = 8/9 and 8/72 = 1/9; per token log(8/9 p_A + 1/9 p_B).
    float[] mixed = Ensembles.btmTopTwo(List.of(C, B, A));

    assertThat(mixed)
        .containsExactly(
            new float[] {
              ln(8.0 / 9 * 0.5 + 1.0 / 9 * 0.25), // 17/36
              ln(8.0 / 9 * 0.5 + 1.0 / 9 * 0.5), // 1/2
              ln(8.0 / 9 * 0.5 + 1.0 / 9 * 0.125) // 11/24
            },
            within(1e-6f));
    assertThat(mixed[0]).isCloseTo(ln(17.0 / 36), within(1e-6f));
    assertThat(mixed[2]).isCloseTo(ln(11.0 / 24), within(1e-6f));
  }

  @Test
  void btmNeedsTwoCandidatesOfOneDocument() {
    assertThatThrownBy(() -> Ensembles.btmTopTwo(List.of(A)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("needs at least 2 candidates, got 1");
    assertThatThrownBy(() -> Ensembles.btmTopTwo(List.of(A, new float[2])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("candidates score different documents: 3 and 2 tokens");
  }
}
