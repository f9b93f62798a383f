package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.ArrayList;
import java.util.List;

/**
 * The FlexOlmo decoder: token embedding, the decoder layers, a final RMSNorm and the LM head. It
 * reads its weights from {@link ModelWeights} and keeps no state between calls (a {@link KvCache}
 * carries a sequence's state), so one model serves concurrent requests.
 *
 * <p>It holds the weights' tensors as they were when it was built: in-place changes (training,
 * {@code NDArray.set}) are seen, a tensor replaced through {@link ModelWeights#put} needs a new
 * model.
 */
public final class FlexOlmoModel {

  /**
   * What a forward pass returns; all tensors belong to the token ids' manager.
   *
   * @param logits [B, T, vocab]
   * @param hidden final hidden states after the last norm, [B, T, d]
   * @param routerLogits each layer's router logits [B*T, E], when asked for; else empty
   */
  public record Output(NDArray logits, NDArray hidden, List<NDArray> routerLogits) {}

  private final FlexOlmoConfig config;
  private final ModelWeights weights;
  private final List<DecoderLayer> layers = new ArrayList<>();
  private final NDArray embedding;
  private final NDArray finalNorm;
  private final NDArray lmHead;

  public FlexOlmoModel(ModelWeights weights) {
    this.config = weights.config();
    this.weights = weights;
    Rope rope = new Rope(config.headDim(), config.ropeTheta(), config.maxPositionEmbeddings());
    for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
      layers.add(new DecoderLayer(weights, layer, rope));
    }
    this.embedding = weights.get(TensorNames.EMBED);
    this.finalNorm = weights.get(TensorNames.FINAL_NORM);
    this.lmHead = config.tieWordEmbeddings() ? embedding : weights.get(TensorNames.LM_HEAD);
  }

  public FlexOlmoConfig config() {
    return config;
  }

  public ModelWeights weights() {
    return weights;
  }

  /** Runs token ids [B, T] (int64) through the model. */
  public Output forward(NDArray tokens, Forward options) {
    if (tokens.getDataType() != DataType.INT64 || tokens.getShape().dimension() != 2) {
      throw new IllegalArgumentException(
          "token ids must be int64 [batch, length], not "
              + tokens.getDataType()
              + " "
              + tokens.getShape());
    }
    if (options.mask() != null && options.mask().experts() != config.numExperts()) {
      throw new IllegalArgumentException(
          "the mask is for "
              + options.mask().experts()
              + " experts, the model has "
              + config.numExperts());
    }
    KvCache cache = options.cache();
    int offset = cache == null ? 0 : cache.length();
    NDArray x = Embedding.embedding(tokens, embedding, SparseFormat.DENSE).singletonOrThrow();
    List<NDArray> routerLogits = options.keepRouterLogits() ? new ArrayList<>() : null;
    for (DecoderLayer layer : layers) {
      x = layer.forward(x, offset, options, routerLogits);
    }
    if (cache != null) {
      cache.advance((int) tokens.getShape().get(1));
    }
    if (options.trace() != null) {
      options.trace().addTokens(tokens.getShape().size());
    }
    NDArray hidden = RmsNorm.apply(x, finalNorm, (float) config.rmsNormEps());
    NDArray logits = Linear.linear(hidden, lmHead).singletonOrThrow();
    return new Output(logits, hidden, routerLogits == null ? List.of() : routerLogits);
  }
}
