package dev.flexmoe.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class RmsNormTest {

  /**
   * Row by row, with weight w = (1, 0.5, 2, -1) and eps = 0.5:
   *
   * <ul>
   *   <li>(1, 2, 3, 4): mean square 30 / 4 = 7.5, + eps = 8, so x / (2 sqrt 2) = x * 0.3535534,
   *       times w: (0.3535534, 0.3535534, 2.1213203, -1.4142136)
   *   <li>(2, 2, 2, 2): mean square 4, + eps = 4.5, so 2 / sqrt 4.5 = 0.9428090 in every place,
   *       times w: (0.9428090, 0.4714045, 1.8856181, -0.9428090)
   * </ul>
   */
  @Test
  void dividesEachRowByItsRootMeanSquarePlusEpsAndScalesByTheWeight() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(new float[] {1, 2, 3, 4, 2, 2, 2, 2}, new Shape(2, 4));
      NDArray weight = manager.create(new float[] {1, 0.5f, 2, -1});

      float[] normalized = RmsNorm.apply(x, weight, 0.5f).toFloatArray();

      assertThat(normalized)
          .containsExactly(
              new float[] {
                0.3535534f, 0.3535534f, 2.1213203f, -1.4142136f,
                0.9428090f, 0.4714045f, 1.8856181f, -0.9428090f
              },
              within(1e-6f));
    }
  }
}
