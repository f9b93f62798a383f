package dev.flexmoe.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.model.FlexOlmoConfig;
import org.junit.jupiter.api.Test;

/** The FLOP estimate on a model small enough to count by hand. */
class TrainingFlopsTest {

  /** d = 2, FFN width 2, one layer, one head (head size 2, so k/v width 2), vocabulary 4. */
  static final FlexOlmoConfig TINY =
      new FlexOlmoConfig(4, 2, 2, 1, 1, 1, 1, 1, false, 1e-6, 10_000, 8, false, 0.02, null);

  @Test
  void countsEveryMatrixProductAndTheAttentionScores() {
    // Per layer: q, o 2*d*d = 8; k, v 2*d*kv = 8; k experts of 3*d*ffn = 12 each; router E*d.
    // Plus the LM head vocab*d = 8; times 6; plus attention 12 * layers * context * d = 192.
    // Top-2 of 2 experts: 6 * (8 + 8 + 24 + 4 + 8) + 192 = 504.
    assertThat(TrainingFlops.perToken(TINY.withExperts(2, 2), 8)).isEqualTo(504.0);
    // Top-2 of 4 experts: only the router grows: 6 * (8 + 8 + 24 + 8 + 8) + 192 = 528.
    assertThat(TrainingFlops.perToken(TINY.withExperts(4, 2), 8)).isEqualTo(528.0);
  }
}
