package dev.flexmoe.model.artifact;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.TensorNames;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The router bias of an expert is there exactly when its manifest says so. */
class ExpertLayoutTest {

  private static final FlexOlmoConfig CONFIG =
      new FlexOlmoConfig(256, 8, 12, 2, 2, 1, 1, 1, false, 1e-6, 10_000, 16, false, 0.02, null);

  private static Map<String, long[]> expertShapes(boolean withBias) {
    Map<String, long[]> shapes = new TreeMap<>();
    for (int layer = 0; layer < CONFIG.numHiddenLayers(); layer++) {
      for (String projection : TensorNames.PROJECTIONS) {
        shapes.put(
            ExpertLayout.projection(layer, projection),
            projection.equals("down") ? new long[] {8, 12} : new long[] {12, 8});
      }
      shapes.put(ExpertLayout.routerRow(layer), new long[] {1, 8});
      if (withBias) {
        shapes.put(ExpertLayout.routerBias(layer), new long[] {1});
      }
    }
    return shapes;
  }

  @Test
  void aBiasTheManifestDoesNotDeclareIsRefused() {
    assertThatThrownBy(
            () -> ExpertLayout.of(CONFIG, false).check(expertShapes(true), "expert 'news'"))
        .isInstanceOf(TensorLayoutException.class)
        .hasMessage("expert 'news' has an unexpected tensor layers.0.router.bias");
  }

  @Test
  void aDeclaredBiasMustBeThere() {
    assertThatThrownBy(
            () -> ExpertLayout.of(CONFIG, true).check(expertShapes(false), "expert 'news'"))
        .isInstanceOf(TensorLayoutException.class)
        .hasMessage("expert 'news' lacks tensor layers.0.router.bias (and 1 more)");
  }

  @Test
  void withoutAManifestEitherIsAccepted() {
    assertThatCode(
            () -> {
              TensorLayout either = ExpertLayout.of(CONFIG, ExpertLayout.Bias.EITHER);
              either.check(expertShapes(true), "expert 'news'");
              either.check(expertShapes(false), "expert 'news'");
              ExpertLayout.of(CONFIG, false).check(expertShapes(false), "expert 'news'");
              ExpertLayout.of(CONFIG, true).check(expertShapes(true), "expert 'news'");
            })
        .doesNotThrowAnyException();
  }
}
