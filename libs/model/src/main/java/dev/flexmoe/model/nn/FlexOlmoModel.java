package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
  private final Rope rope;
  private final Decoding decoding;
  private volatile CompiledDecodeStep compiled;

  /** How {@link #decode} runs a step; both give the same logits. */
  public enum Decoding {
    /** The whole step in one call into libtorch ({@link CompiledDecodeStep}): the default. */
    COMPILED,
    /** Operation by operation from Java: the reference the compiled step is tested against. */
    EAGER
  }

  public FlexOlmoModel(ModelWeights weights) {
    this(weights, Decoding.COMPILED);
  }

  public FlexOlmoModel(ModelWeights weights, Decoding decoding) {
    this.decoding = decoding;
    this.config = weights.config();
    this.weights = weights;
    this.rope = new Rope(config.headDim(), config.ropeTheta(), config.maxPositionEmbeddings());
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
    ExpertMasks.of(options, tokens.getShape().size(), config.numExperts());
    KvCache cache = options.cache();
    int offset = cache == null ? 0 : cache.length();
    NDArray x = Embedding.embedding(tokens, embedding, SparseFormat.DENSE).singletonOrThrow();
    List<NDArray> routerLogits = options.keepRouterLogits() ? new ArrayList<>() : null;
    Rope.Angles angles = rope.at(tokens.getManager(), offset, (int) tokens.getShape().get(1));
    for (DecoderLayer layer : layers) {
      x = layer.forward(x, offset, angles, options, routerLogits);
    }
    if (cache != null) {
      cache.advance((int) tokens.getShape().get(1));
    }
    if (options.trace() != null) {
      options.trace().addTokens(tokens.getShape().size());
    }
    NDArray hidden = RmsNorm.apply(x, finalNorm, (float) config.rmsNormEps());
    NDArray logits = options.precision().project(hidden, lmHead);
    return new Output(logits, hidden, routerLogits == null ? List.of() : routerLogits);
  }

  /**
   * One decode step of many sequences at once: row i of {@code tokens} [B, 1] is the next token of
   * the sequence whose cache is {@code rows.get(i)} (a slot of {@code batch}), at that sequence's
   * own position and with its own expert mask ({@link Forward#withRowMasks}, or one {@link
   * Forward#mask} for all). Each cache grows by the token.
   *
   * @return logits [B, vocab], row i as the sequence would get decoding alone
   */
  public NDArray decode(NDArray tokens, DecodeBatch batch, List<KvCache> rows, Forward options) {
    long[] shape = tokens.getShape().getShape();
    if (tokens.getDataType() != DataType.INT64
        || shape.length != 2
        || shape[1] != 1
        || shape[0] != rows.size()) {
      throw new IllegalArgumentException(
          "a decode step takes int64 [" + rows.size() + ", 1] token ids, not " + tokens.getShape());
    }
    ExpertMasks masks = ExpertMasks.of(options, shape[0], config.numExperts());
    NDManager scope = tokens.getManager();
    DecodeBatch.Step step = batch.step(scope, rows);
    NDArray logits;
    if (decoding == Decoding.EAGER) {
      // float32 as the compiled step: a single row's product is faster in float32 than in bfloat16
      logits = decodeEagerly(tokens, step, options.withPrecision(Precision.FLOAT32));
    } else {
      logits = compiledStep().run(tokens, step, masks, options);
    }
    step.advance();
    return logits;
  }

  private NDArray decodeEagerly(NDArray tokens, DecodeBatch.Step step, Forward options) {
    Rope.Angles angles = rope.atEach(tokens.getManager(), step.positions());
    NDArray x = Embedding.embedding(tokens, embedding, SparseFormat.DENSE).singletonOrThrow();
    for (DecoderLayer layer : layers) {
      x = layer.decode(x, angles, step, options);
    }
    NDArray hidden = RmsNorm.apply(x, finalNorm, (float) config.rmsNormEps());
    return Linear.linear(hidden, lmHead).singletonOrThrow().reshape(step.rows(), -1);
  }

  /** Made on the first compiled step, so that models that never decode pay nothing for it. */
  private CompiledDecodeStep compiledStep() {
    CompiledDecodeStep step = compiled;
    if (step == null) {
      synchronized (this) {
        if (compiled == null) {
          compiled = new CompiledDecodeStep(weights, rope);
        }
        step = compiled;
      }
    }
    return step;
  }
}
