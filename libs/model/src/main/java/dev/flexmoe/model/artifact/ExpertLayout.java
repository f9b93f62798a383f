package dev.flexmoe.model.artifact;

import dev.flexmoe.model.FlexOlmoConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors of an expert artifact for a public model: per layer its SwiGLU projections ({@code
 * layers.L.gate_proj.weight} and {@code up_proj} [ffn, d], {@code down_proj} [d, ffn]), its router
 * row ({@code layers.L.router.weight} [1, d]) and, optionally, its train-time router bias ({@code
 * layers.L.router.bias} [1]).
 */
public final class ExpertLayout {

  private ExpertLayout() {}

  public static String projection(int layer, String projection) {
    return "layers." + layer + "." + projection + "_proj.weight";
  }

  public static String routerRow(int layer) {
    return "layers." + layer + ".router.weight";
  }

  public static String routerBias(int layer) {
    return "layers." + layer + ".router.bias";
  }

  /** Whether an expert's train-time router bias must be there, must not be, or may be either. */
  public enum Bias {
    REQUIRED,
    ABSENT,
    EITHER
  }

  /**
   * The layout of an expert for {@code publicConfig} whose manifest says whether it carries the
   * router bias: the tensors must then agree with it.
   */
  public static TensorLayout of(FlexOlmoConfig publicConfig, boolean routerBias) {
    return of(publicConfig, routerBias ? Bias.REQUIRED : Bias.ABSENT);
  }

  public static TensorLayout of(FlexOlmoConfig publicConfig, Bias bias) {
    int d = publicConfig.hiddenSize();
    int ffn = publicConfig.intermediateSize();
    Map<String, long[]> required = new LinkedHashMap<>();
    Map<String, long[]> optional = new LinkedHashMap<>();
    for (int layer = 0; layer < publicConfig.numHiddenLayers(); layer++) {
      required.put(projection(layer, "gate"), new long[] {ffn, d});
      required.put(projection(layer, "up"), new long[] {ffn, d});
      required.put(projection(layer, "down"), new long[] {d, ffn});
      required.put(routerRow(layer), new long[] {1, d});
      switch (bias) {
        case REQUIRED -> required.put(routerBias(layer), new long[] {1});
        case EITHER -> optional.put(routerBias(layer), new long[] {1});
        case ABSENT -> {}
      }
    }
    return new TensorLayout(required, optional);
  }
}
