package dev.flexmoe.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW with decoupled weight decay. Written here rather than taken from DJL because a checkpoint
 * must carry the moment estimates for a resumed run to reproduce an uninterrupted one, and DJL's
 * optimizers keep them private.
 */
final class AdamW implements AutoCloseable {

  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final NDManager manager;
  private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
  private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
  private long steps;

  AdamW(NDManager parent, List<Trainable> trainables, float beta1, float beta2, float epsilon) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.manager = parent.newSubManager();
    for (Trainable trainable : trainables) {
      firstMoments.put(trainable.name(), manager.zeros(trainable.tensor().getShape()));
      secondMoments.put(trainable.name(), manager.zeros(trainable.tensor().getShape()));
    }
  }

  /**
   * One update of every trainable from its (already clipped and masked) gradient. Temporaries go
   * into {@code scope}.
   */
  void step(
      List<Trainable> trainables, Map<String, NDArray> gradients, double rate, NDManager scope) {
    steps++;
    double correction1 = 1 - Math.pow(beta1, steps);
    double correction2 = 1 - Math.pow(beta2, steps);
    for (Trainable trainable : trainables) {
      NDArray gradient = gradients.get(trainable.name());
      NDArray m = firstMoments.get(trainable.name());
      NDArray v = secondMoments.get(trainable.name());
      m.muli(beta1).addi(gradient.mul(1 - beta1));
      v.muli(beta2).addi(gradient.square().mul(1 - beta2));
      NDArray mHat = local(scope, m.div(correction1));
      NDArray vHat = local(scope, v.div(correction2));
      NDArray update = mHat.div(vHat.sqrt().add(epsilon)).mul(rate);
      NDArray weight = trainable.tensor();
      if (trainable.weightDecay() > 0) {
        update = update.add(local(scope, weight.mul(rate * trainable.weightDecay())));
      }
      if (trainable.updateMask() != null) {
        update = update.mul(trainable.updateMask());
      }
      weight.subi(update);
    }
  }

  private static NDArray local(NDManager scope, NDArray array) {
    array.attach(scope);
    return array;
  }

  long steps() {
    return steps;
  }

  Map<String, NDArray> firstMoments() {
    return firstMoments;
  }

  Map<String, NDArray> secondMoments() {
    return secondMoments;
  }

  /** Restores moments and step count from a checkpoint. */
  void restore(Map<String, float[]> first, Map<String, float[]> second, long restoredSteps) {
    first.forEach((name, values) -> firstMoments.get(name).set(values));
    second.forEach((name, values) -> secondMoments.get(name).set(values));
    this.steps = restoredSteps;
  }

  @Override
  public void close() {
    manager.close();
  }
}
