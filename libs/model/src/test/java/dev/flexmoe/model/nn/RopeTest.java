package dev.flexmoe.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RoPE on one head of size 4 with theta = 100: the frequencies are 100^(-0/4) = 1 and 100^(-2/4) =
 * 0.1, and, as in HF's rotate_half, dimension i is paired with i + 2: (x0, x2) turn by position *
 * 1, (x1, x3) by position * 0.1.
 */
class RopeTest {

  private static final float[] X = {1, 2, 3, 4};

  /**
   * X at position 1: x0 cos 1 - x2 sin 1, x1 cos 0.1 - x3 sin 0.1, x2 cos 1 + x0 sin 1, x3 cos 0.1
   * + x1 sin 0.1, with cos 1 = 0.5403023, sin 1 = 0.8414710, cos 0.1 = 0.9950042, sin 0.1 =
   * 0.0998334.
   */
  private static final float[] X_AT_POSITION_1 = {-1.9841106f, 1.5906747f, 2.4623779f, 4.1796835f};

  private final NDManager manager = NDManager.newBaseManager();
  private final Rope rope = new Rope(4, 100, 3);

  @AfterEach
  void close() {
    manager.close();
  }

  /** [1, 1, tokens, 4]: the same vector X at every position. */
  private NDArray repeated(int tokens) {
    float[] values = new float[tokens * X.length];
    for (int token = 0; token < tokens; token++) {
      System.arraycopy(X, 0, values, token * X.length, X.length);
    }
    return manager.create(values, new Shape(1, 1, tokens, X.length));
  }

  @Test
  void positionZeroIsLeftAloneAndPositionOneTurnsPairsIAndIPlusHalf() {
    float[] rotated = rope.apply(repeated(2), 0).toFloatArray();

    assertThat(rotated)
        .containsExactly(
            new float[] {
              X[0], X[1], X[2], X[3],
              X_AT_POSITION_1[0], X_AT_POSITION_1[1], X_AT_POSITION_1[2], X_AT_POSITION_1[3]
            },
            within(1e-6f));
  }

  @Test
  void anOffsetPlacesTheFirstTokenAtThatPosition() {
    assertThat(rope.apply(repeated(1), 1).toFloatArray())
        .containsExactly(X_AT_POSITION_1, within(1e-6f));
  }

  @Test
  void positionsBeyondTheContextAreRefused() {
    assertThatThrownBy(() -> rope.apply(repeated(2), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("positions up to 4 exceed the context of 3");
  }
}
