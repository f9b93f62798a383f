package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.List;
import java.util.Random;

/** Small random models for the math tests. */
final class ModelFixtures {

  static final int VOCAB = 97;

  private ModelFixtures() {}

  /**
   * A micro model with {@code experts} experts, k = {@code topK}, random (non-zero) router rows.
   */
  static ModelWeights randomMoe(NDManager manager, int experts, int topK, long seed) {
    FlexOlmoConfig config = FlexOlmoConfig.micro(VOCAB).withExperts(experts, topK);
    ModelWeights weights = ModelWeights.initialize(config, manager, seed);
    Random random = new Random(seed);
    for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
      float[] rows = new float[experts * config.hiddenSize()];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = (float) random.nextGaussian() * 0.5f;
      }
      weights.put(
          TensorNames.router(layer), manager.create(rows, new Shape(experts, config.hiddenSize())));
    }
    return weights;
  }

  /**
   * The same model as if merged from a subset of its experts: expert tensors and router rows of
   * {@code kept} (public first), renumbered 0..n-1.
   */
  static ModelWeights subset(ModelWeights full, List<Integer> kept, int topK) {
    FlexOlmoConfig config = full.config().withExperts(kept.size(), Math.min(topK, kept.size()));
    ModelWeights subset = ModelWeights.empty(config, full.manager());
    for (var entry : full.tensors().entrySet()) {
      String name = entry.getKey();
      if (!name.contains(".mlp.")) {
        subset.put(name, entry.getValue().duplicate());
      }
    }
    for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
      NDArray router = full.get(TensorNames.router(layer));
      float[] rows = new float[kept.size() * config.hiddenSize()];
      float[] all = router.toFloatArray();
      for (int i = 0; i < kept.size(); i++) {
        System.arraycopy(
            all,
            kept.get(i) * config.hiddenSize(),
            rows,
            i * config.hiddenSize(),
            config.hiddenSize());
        for (String projection : TensorNames.PROJECTIONS) {
          subset.put(
              TensorNames.expert(layer, i, projection),
              full.get(TensorNames.expert(layer, kept.get(i), projection)).duplicate());
        }
      }
      subset.put(
          TensorNames.router(layer),
          full.manager().create(rows, new Shape(kept.size(), config.hiddenSize())));
    }
    return subset;
  }

  static NDArray randomTokens(NDManager manager, int batch, int length, long seed) {
    Random random = new Random(seed);
    long[] ids = new long[batch * length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = random.nextInt(VOCAB);
    }
    return manager.create(ids, new Shape(batch, length));
  }

  static float maxAbsDiff(NDArray a, NDArray b) {
    return a.sub(b).abs().max().getFloat();
  }
}
