package dev.flexmoe.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Training one FlexOlmo expert at a data owner, against the frozen public model (docs/method.md): a
 * 2-expert MoE whose expert 0 is the public FFN and expert 1 starts as a copy of it; top-2 of 2;
 * router rows {@code [r_pub; r_domain]} in every layer; a bias on expert 1's logit applied as
 * {@code min(b, 0)}. Only expert 1's FFN, its router row and its bias train, without weight decay,
 * so everything the owners share stays bitwise the public model's.
 */
public final class ExpertTraining {

  /** Initial value of the new expert's router bias. */
  public static final float INITIAL_BIAS = -0.1f;

  private ExpertTraining() {}

  /**
   * The 2-expert model to train, built from the public model (1 expert, router row 0 = the public
   * embedding) and the owner's domain embedding. The public weights are copied, never shared.
   */
  public static ModelWeights coordinatedModel(ModelWeights publicModel, float[] domainEmbedding) {
    FlexOlmoConfig publicConfig = publicModel.config();
    if (publicConfig.numExperts() != 1) {
      throw new IllegalArgumentException(
          "an expert trains against a dense public model, not one with "
              + publicConfig.numExperts()
              + " experts");
    }
    int d = publicConfig.hiddenSize();
    if (domainEmbedding.length != d) {
      throw new IllegalArgumentException(
          "the domain embedding has " + domainEmbedding.length + " values, the model " + d);
    }
    NDManager parent = publicModel.manager().getParentManager();
    ModelWeights model = ModelWeights.empty(publicConfig.withExperts(2, 2), parent);
    for (var entry : publicModel.tensors().entrySet()) {
      if (!entry.getKey().contains(".mlp.")) {
        model.put(entry.getKey(), entry.getValue().duplicate());
      }
    }
    for (int layer = 0; layer < publicConfig.numHiddenLayers(); layer++) {
      for (String projection : TensorNames.PROJECTIONS) {
        NDArray publicFfn = publicModel.get(TensorNames.expert(layer, 0, projection));
        model.put(TensorNames.expert(layer, 0, projection), publicFfn.duplicate());
        model.put(TensorNames.expert(layer, 1, projection), publicFfn.duplicate());
      }
      float[] rows = new float[2 * d];
      System.arraycopy(publicModel.get(TensorNames.router(layer)).toFloatArray(), 0, rows, 0, d);
      System.arraycopy(domainEmbedding, 0, rows, d, d);
      model.put(TensorNames.router(layer), model.manager().create(rows, new Shape(2, d)));
      model.put(
          TensorNames.routerBias(layer), model.manager().create(new float[] {0f, INITIAL_BIAS}));
    }
    return model;
  }

  /** What trains: expert 1's FFN, row 1 of each router, entry 1 of each bias; no weight decay. */
  public static List<Trainable> trainables(ModelWeights model) {
    List<Trainable> trainables = new ArrayList<>();
    int d = model.config().hiddenSize();
    NDArray rowMask = model.manager().create(new float[] {0f, 1f}).reshape(2, 1).repeat(1, d);
    NDArray biasMask = model.manager().create(new float[] {0f, 1f});
    for (int layer = 0; layer < model.config().numHiddenLayers(); layer++) {
      for (String projection : TensorNames.PROJECTIONS) {
        String name = TensorNames.expert(layer, 1, projection);
        trainables.add(Trainable.of(name, model.get(name), 0f));
      }
      String router = TensorNames.router(layer);
      trainables.add(new Trainable(router, model.get(router), 0f, rowMask));
      String bias = TensorNames.routerBias(layer);
      trainables.add(new Trainable(bias, model.get(bias), 0f, biasMask));
    }
    return trainables;
  }
}
