package dev.flexmoe.model.artifact;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tensors of one expert, named and shaped as {@link ExpertLayout} says: per layer its SwiGLU
 * projections, its router row and (optionally) its train-time router bias.
 */
public final class ExpertWeights implements AutoCloseable {

  private final NDManager manager;
  private final Map<String, NDArray> tensors = new TreeMap<>();

  private ExpertWeights(NDManager manager) {
    this.manager = manager;
  }

  /** Empty, to be filled by a reader. */
  public static ExpertWeights empty(NDManager parent) {
    return new ExpertWeights(parent.newSubManager());
  }

  /** Takes expert 1 out of a trained 2-expert model (copies; the model stays intact). */
  public static ExpertWeights fromTrainedModel(ModelWeights trained) {
    FlexOlmoConfig config = trained.config();
    if (config.numExperts() != 2) {
      throw new IllegalArgumentException(
          "an expert comes out of a 2-expert training model, not " + config.numExperts());
    }
    ExpertWeights expert = empty(trained.manager().getParentManager());
    for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
      for (String projection : new String[] {"gate", "up", "down"}) {
        expert.put(
            ExpertLayout.projection(layer, projection),
            trained.get(TensorNames.expert(layer, 1, projection)).duplicate());
      }
      expert.put(
          ExpertLayout.routerRow(layer),
          trained.get(TensorNames.router(layer)).get(new NDIndex("1:2")).duplicate());
      String bias = TensorNames.routerBias(layer);
      if (trained.contains(bias)) {
        expert.put(
            ExpertLayout.routerBias(layer), trained.get(bias).get(new NDIndex("1:2")).duplicate());
      }
    }
    return expert;
  }

  public void put(String name, NDArray tensor) {
    tensor.attach(manager);
    NDArray previous = tensors.put(name, tensor);
    if (previous != null && previous != tensor) {
      previous.close();
    }
  }

  public NDArray get(String name) {
    NDArray tensor = tensors.get(name);
    if (tensor == null) {
      throw new IllegalArgumentException("the expert has no tensor '" + name + "'");
    }
    return tensor;
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  public Map<String, NDArray> tensors() {
    return java.util.Collections.unmodifiableMap(tensors);
  }

  /** Whether the artifact carries a train-time router bias. */
  public boolean hasBias() {
    return tensors.containsKey(ExpertLayout.routerBias(0));
  }

  @Override
  public void close() {
    manager.close();
  }
}
