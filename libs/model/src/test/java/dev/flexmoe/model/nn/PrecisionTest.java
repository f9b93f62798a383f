package dev.flexmoe.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorTest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrecisionTest extends TensorTest {

  /** Round to nearest even bfloat16 (the top 16 bits of a float32), as a float32. */
  private static float bfloat16(float value) {
    int bits = Float.floatToRawIntBits(value);
    int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
    return Float.intBitsToFloat(rounded & 0xFFFF0000);
  }

  /** The distance between bfloat16 neighbours around {@code value}. */
  private static float bfloat16Ulp(float value) {
    return Math.ulp(value) * 65536;
  }

  private static float[] gaussian(int n, long seed) {
    Random random = new Random(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  @Test
  void bfloat16ProductsAreFloat32SumsOfRoundedOperandsRoundedOnce() {
    int rows = 48;
    int in = 96;
    int out = 40;
    float[] x = gaussian(rows * in, 1);
    float[] w = gaussian(out * in, 2);

    float[] product =
        Precision.BFLOAT16
            .project(manager.create(x, new Shape(rows, in)), manager.create(w, new Shape(out, in)))
            .toFloatArray();

    // independent reference: each operand rounded to bfloat16, the sum exact, the result rounded
    int exact = 0;
    int differsFromFloat32 = 0;
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double sum = 0;
        double float32Sum = 0;
        for (int i = 0; i < in; i++) {
          sum += (double) bfloat16(x[r * in + i]) * bfloat16(w[o * in + i]);
          float32Sum += (double) x[r * in + i] * w[o * in + i];
        }
        float expected = bfloat16((float) sum);
        float actual = product[r * out + o];
        // float32 accumulation may land on the other side of a rounding boundary: one step at most
        assertThat(Math.abs(actual - expected))
            .as("row %d, output %d", r, o)
            .isLessThanOrEqualTo(bfloat16Ulp(expected));
        exact += actual == expected ? 1 : 0;
        differsFromFloat32 += actual != (float) float32Sum ? 1 : 0;
      }
    }
    assertThat(exact).isGreaterThanOrEqualTo(rows * out * 95 / 100);
    assertThat(differsFromFloat32).isGreaterThan(rows * out / 2);
    for (float value : product) {
      assertThat(bfloat16(value)).isEqualTo(value); // every result is a bfloat16 value
    }
  }

  @Test
  void gradientsFlowThroughBfloat16ProductsAsFloat32() {
    NDArray x = manager.create(gaussian(32 * 64, 3), new Shape(32, 64));
    NDArray w = manager.create(gaussian(24 * 64, 4), new Shape(24, 64));
    NDArray upstream = manager.create(gaussian(32 * 24, 5), new Shape(32, 24));
    w.setRequiresGradient(true);
    x.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray loss = Precision.BFLOAT16.project(x, w).mul(upstream).sum();
      collector.backward(loss);
    }
    NDArray weightGradient = w.getGradient();
    NDArray inputGradient = x.getGradient();
    assertThat(weightGradient.getDataType()).isEqualTo(DataType.FLOAT32);
    assertThat(inputGradient.getDataType()).isEqualTo(DataType.FLOAT32);
    // d(sum(upstream * x W^T))/dW = upstream^T x, and /dx = upstream W, up to bfloat16 rounding
    assertRelativelyClose(weightGradient, upstream.transpose().matMul(x), 2e-2);
    assertRelativelyClose(inputGradient, upstream.matMul(w), 2e-2);
  }

  @Test
  void aBfloat16ForwardPassOfADenseModelStaysCloseToTheFloat32One() {
    ModelWeights weights =
        ModelWeights.initialize(FlexOlmoConfig.micro(ModelFixtures.VOCAB), manager, 13);
    NDArray tokens = randomTokens(2, 32, 14);

    NDArray float32 = new FlexOlmoModel(weights).forward(tokens, Forward.defaults()).logits();
    NDArray bfloat16 =
        new FlexOlmoModel(weights)
            .forward(tokens, Forward.defaults().withPrecision(Precision.BFLOAT16))
            .logits();

    // no routing to flip: every logit within a few bfloat16 steps of the float32 one
    assertRelativelyClose(bfloat16, float32, 3e-2);
  }

  private NDArray randomTokens(int batch, int length, long seed) {
    long[] ids = new long[batch * length];
    Random random = new Random(seed);
    for (int i = 0; i < ids.length; i++) {
      ids[i] = random.nextInt(ModelFixtures.VOCAB);
    }
    return manager.create(ids, new Shape(batch, length));
  }

  @Test
  void aBfloat16ForwardPassOfAMixtureStaysCloseToTheFloat32One() {
    ModelWeights weights = ModelFixtures.randomMoe(manager, 4, 2, 11);
    FlexOlmoModel model = new FlexOlmoModel(weights);
    NDArray tokens = randomTokens(3, 24, 12);

    NDArray float32 = model.forward(tokens, Forward.defaults()).logits();
    NDArray bfloat16 =
        model.forward(tokens, Forward.defaults().withPrecision(Precision.BFLOAT16)).logits();

    assertThat(bfloat16.getShape()).isEqualTo(float32.getShape());
    // a token whose top 2 experts swap places moves further: compare on average
    float meanError = bfloat16.sub(float32).abs().mean().getFloat();
    float meanLogit = float32.abs().mean().getFloat();
    assertThat(meanError).isGreaterThan(0f).isLessThanOrEqualTo(0.03f * meanLogit);
    // the next-token choices, on the whole, agree
    long[] chosen32 = float32.argMax(-1).toLongArray();
    long[] chosen16 = bfloat16.argMax(-1).toLongArray();
    int same = 0;
    for (int i = 0; i < chosen32.length; i++) {
      same += chosen32[i] == chosen16[i] ? 1 : 0;
    }
    assertThat(same).isGreaterThanOrEqualTo(chosen32.length * 9 / 10);
  }

  /** max |actual - expected| at most {@code tolerance} times max |expected|. */
  private static void assertRelativelyClose(NDArray actual, NDArray expected, double tolerance) {
    float scale = expected.abs().max().getFloat();
    assertThat(actual.sub(expected).abs().max().getFloat())
        .isLessThanOrEqualTo((float) (tolerance * scale));
  }
}
