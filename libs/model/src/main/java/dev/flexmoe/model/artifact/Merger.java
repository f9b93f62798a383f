package dev.flexmoe.model.artifact;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merging with no training: experts = [public, e_1 .. e_n], router rows {@code [r_pub; r_1 .. r_n]}
 * per layer, everything else the public model's. The experts must have been trained against this
 * public model (checked by the caller through the anchor digest) and have its shapes (checked here,
 * tensor by tensor).
 */
public final class Merger {

  private Merger() {}

  /**
   * @param names the experts' names, for error messages, in merge order
   * @param topK experts active per token in the merged model
   * @param keepBias whether the experts' train-time router biases stay in the merged model (the
   *     released checkpoints drop them)
   * @param into the manager the merged weights belong to
   */
  public static ModelWeights merge(
      ModelWeights publicModel,
      List<ExpertWeights> experts,
      List<String> names,
      int topK,
      boolean keepBias,
      NDManager into) {
    FlexOlmoConfig publicConfig = publicModel.config();
    if (publicConfig.numExperts() != 1) {
      throw new IllegalArgumentException("merging starts from the dense public model");
    }
    int count = experts.size() + 1;
    if (topK < 1 || topK > count) {
      throw new IllegalArgumentException(
          "k = " + topK + " but the merged model has " + count + " experts");
    }
    for (int i = 0; i < experts.size(); i++) {
      checkShapes(publicConfig, experts.get(i), names.get(i));
    }
    ModelWeights merged = ModelWeights.empty(publicConfig.withExperts(count, topK), into);
    publicModel
        .tensors()
        .forEach(
            (name, tensor) -> {
              if (!name.contains(".mlp.gate.")) {
                merged.put(name, tensor.duplicate());
              }
            });
    int d = publicConfig.hiddenSize();
    boolean anyBias = keepBias && experts.stream().anyMatch(ExpertWeights::hasBias);
    for (int layer = 0; layer < publicConfig.numHiddenLayers(); layer++) {
      float[] rows =
          Arrays.copyOf(publicModel.get(TensorNames.router(layer)).toFloatArray(), count * d);
      float[] bias = new float[count];
      for (int i = 0; i < experts.size(); i++) {
        ExpertWeights expert = experts.get(i);
        for (String projection : TensorNames.PROJECTIONS) {
          merged.put(
              TensorNames.expert(layer, i + 1, projection),
              expert.get(ExpertLayout.projection(layer, projection)).duplicate());
        }
        System.arraycopy(
            expert.get(ExpertLayout.routerRow(layer)).toFloatArray(), 0, rows, (i + 1) * d, d);
        if (anyBias && expert.hasBias()) {
          bias[i + 1] = expert.get(ExpertLayout.routerBias(layer)).toFloatArray()[0];
        }
      }
      merged.put(TensorNames.router(layer), merged.manager().create(rows, new Shape(count, d)));
      if (anyBias) {
        merged.put(TensorNames.routerBias(layer), merged.manager().create(bias));
      }
    }
    return merged;
  }

  /** One rule for an expert's tensors, whether read from an upload or already loaded. */
  private static void checkShapes(FlexOlmoConfig config, ExpertWeights expert, String name) {
    Map<String, long[]> shapes = new TreeMap<>();
    expert.tensors().forEach((tensor, array) -> shapes.put(tensor, array.getShape().getShape()));
    ExpertLayout.of(config, expert.hasBias()).check(shapes, "expert '" + name + "'");
  }
}
