package dev.flexmoe.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The tensors of a model by their HF names, owned by one NDManager: closing the weights frees them.
 *
 * <p>Initialization is deterministic per seed and independent of the order tensors are created in:
 * each tensor draws from a generator seeded by the model seed and its own name.
 */
public final class ModelWeights implements AutoCloseable {

  private final FlexOlmoConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> tensors = new TreeMap<>();

  private ModelWeights(FlexOlmoConfig config, NDManager manager) {
    this.config = config;
    this.manager = manager;
  }

  /** Empty weights for a config; tensors are added with {@link #put}. */
  public static ModelWeights empty(FlexOlmoConfig config, NDManager parent) {
    return new ModelWeights(config, parent.newSubManager());
  }

  /**
   * Fresh weights: linear layers and embeddings ~ N(0, initializer_range), norms = 1, router rows 0
   * (so every expert starts equally likely), with the shapes of the config.
   */
  public static ModelWeights initialize(FlexOlmoConfig config, NDManager parent, long seed) {
    ModelWeights weights = empty(config, parent);
    int d = config.hiddenSize();
    int kv = config.numKeyValueHeads() * config.headDim();
    weights.normal(TensorNames.EMBED, seed, config.vocabSize(), d);
    if (!config.tieWordEmbeddings()) {
      weights.normal(TensorNames.LM_HEAD, seed, config.vocabSize(), d);
    }
    weights.ones(TensorNames.FINAL_NORM, d);
    for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
      weights.normal(TensorNames.attention(layer, 'q'), seed, d, d);
      weights.normal(TensorNames.attention(layer, 'k'), seed, kv, d);
      weights.normal(TensorNames.attention(layer, 'v'), seed, kv, d);
      weights.normal(TensorNames.attention(layer, 'o'), seed, d, d);
      weights.ones(TensorNames.qNorm(layer), d);
      weights.ones(TensorNames.kNorm(layer), kv);
      weights.ones(TensorNames.postAttentionNorm(layer), d);
      weights.ones(TensorNames.postFeedforwardNorm(layer), d);
      for (int expert = 0; expert < config.numExperts(); expert++) {
        weights.normal(
            TensorNames.expert(layer, expert, "gate"), seed, config.intermediateSize(), d);
        weights.normal(TensorNames.expert(layer, expert, "up"), seed, config.intermediateSize(), d);
        weights.normal(
            TensorNames.expert(layer, expert, "down"), seed, d, config.intermediateSize());
      }
      weights.put(
          TensorNames.router(layer), weights.manager.zeros(new Shape(config.numExperts(), d)));
    }
    return weights;
  }

  private void normal(String name, long seed, long rows, long cols) {
    SplittableRandom random =
        new SplittableRandom(seed ^ ((long) name.hashCode() << 32 | name.length()));
    float[] values = new float[Math.toIntExact(rows * cols)];
    double std = config.initializerRange();
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (gaussian(random) * std);
    }
    put(name, manager.create(values, new Shape(rows, cols)));
  }

  /** A standard normal draw (Box-Muller), so the sequence never depends on the JDK's Random. */
  private static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble(); // (0, 1], safe for log
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private void ones(String name, long size) {
    put(name, manager.ones(new Shape(size)));
  }

  public FlexOlmoConfig config() {
    return config;
  }

  /** The manager that owns the tensors; new tensors for these weights belong here. */
  public NDManager manager() {
    return manager;
  }

  /** A tensor by HF name; a missing one is an error that names it. */
  public NDArray get(String name) {
    NDArray tensor = tensors.get(name);
    if (tensor == null) {
      throw new IllegalArgumentException("the model has no tensor '" + name + "'");
    }
    return tensor;
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  /** Adds or replaces a tensor; it moves into this weights' manager, a replaced one is freed. */
  public void put(String name, NDArray tensor) {
    if (tensor.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException(
          name + ": weights are float32, not " + tensor.getDataType());
    }
    tensor.attach(manager);
    NDArray previous = tensors.put(name, tensor);
    if (previous != null && previous != tensor) {
      previous.close();
    }
  }

  /** Removes and frees a tensor, if present. */
  public void remove(String name) {
    NDArray previous = tensors.remove(name);
    if (previous != null) {
      previous.close();
    }
  }

  /** Tensors by name, sorted; a read-only view. */
  public Map<String, NDArray> tensors() {
    return Collections.unmodifiableMap(tensors);
  }

  /** The number of float parameters. */
  public long parameterCount() {
    return tensors.values().stream().mapToLong(tensor -> tensor.getShape().size()).sum();
  }

  @Override
  public void close() {
    manager.close();
  }
}
