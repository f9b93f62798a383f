package dev.flexmoe.model.artifact;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;

/** Dense models small enough to check by hand: every FFN projection is a literal 2x2 matrix. */
final class TwoByTwoModels implements AutoCloseable {

  /** d = 2, FFN width 2, one layer, one head. */
  static final FlexOlmoConfig CONFIG =
      new FlexOlmoConfig(4, 2, 2, 1, 1, 1, 1, 1, false, 1e-6, 10_000, 8, false, 0.02, null);

  private final NDManager manager = NDManager.newBaseManager();

  NDManager manager() {
    return manager;
  }

  /** A dense model (random other tensors) with the given gate, up and down projections. */
  ModelWeights dense(long seed, float[] gate, float[] up, float[] down) {
    ModelWeights model = ModelWeights.initialize(CONFIG, manager, seed);
    model.get(TensorNames.expert(0, 0, "gate")).set(gate);
    model.get(TensorNames.expert(0, 0, "up")).set(up);
    model.get(TensorNames.expert(0, 0, "down")).set(down);
    return model;
  }

  @Override
  public void close() {
    manager.close();
  }
}
