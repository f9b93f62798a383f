package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's decode step as one call into libtorch. The step is written in TorchScript ({@code
 * decode-step.torchscript}, beside this class) and performs, op for op, what the eager {@link
 * FlexOlmoModel#decode} does from Java: a tiny model's step is some 300 small tensor operations,
 * and from Java each costs a JNI call and a Java object, which made decoding overhead-bound.
 *
 * <p>The script is loaded once per process ({@link TorchScriptModules}); it holds no weights, so
 * one module serves every model: each call passes the model's tensors, the batch's key/value
 * storage (written in place) and the step's layout.
 */
final class CompiledDecodeStep {

  private static final String SOURCE = "decode-step.torchscript";
  private static final String CLASS = "DecodeStep";

  /** The module, loaded on first use; it lives as long as the process. */
  private static final class Module {
    static final PtSymbolBlock STEP = TorchScriptModules.load(SOURCE, CLASS);
  }

  private final FlexOlmoConfig config;
  private final PtNDArray[] weights;
  private final boolean routerBias;
  private final PtNDArray cos;
  private final PtNDArray sin;

  /** The step for {@code weights}; its tables belong to the weights' manager. */
  CompiledDecodeStep(ModelWeights weights, Rope rope) {
    this.config = weights.config();
    this.routerBias = weights.contains(TensorNames.routerBias(0));
    NDManager owner = weights.manager();
    NDArray none = owner.zeros(new Shape(0));
    List<NDArray> order = new ArrayList<>();
    order.add(weights.get(TensorNames.EMBED));
    order.add(weights.get(TensorNames.FINAL_NORM));
    order.add(
        config.tieWordEmbeddings()
            ? weights.get(TensorNames.EMBED)
            : weights.get(TensorNames.LM_HEAD));
    for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
      for (char projection : new char[] {'q', 'k', 'v', 'o'}) {
        order.add(weights.get(TensorNames.attention(layer, projection)));
      }
      order.add(weights.get(TensorNames.qNorm(layer)));
      order.add(weights.get(TensorNames.kNorm(layer)));
      order.add(weights.get(TensorNames.postAttentionNorm(layer)));
      order.add(weights.get(TensorNames.postFeedforwardNorm(layer)));
      order.add(weights.get(TensorNames.router(layer)));
      order.add(routerBias ? weights.get(TensorNames.routerBias(layer)) : none);
      for (int expert = 0; expert < config.numExperts(); expert++) {
        for (String projection : new String[] {"gate", "up", "down"}) {
          order.add(weights.get(TensorNames.expert(layer, expert, projection)));
        }
      }
    }
    this.weights = engine(order.toArray(NDArray[]::new));
    Rope.Angles tables = rope.table(owner);
    this.cos = (PtNDArray) tables.cos();
    int half = config.headDim() / 2;
    NDArray sinTable = tables.sin();
    this.sin =
        (PtNDArray)
            sinTable
                .get(new NDIndex(":, :{}", half))
                .neg()
                .concat(sinTable.get(new NDIndex(":, {}:", half)), 1);
  }

  /**
   * Runs the step and records its routing in the options' trace, if any.
   *
   * @param tokens [B, 1] int64, in the step's scope
   * @return logits [B, vocab], in the step's scope
   */
  NDArray run(NDArray tokens, DecodeBatch.Step step, ExpertMasks masks, Forward options) {
    PtNDManager scope = (PtNDManager) tokens.getManager();
    NDArray offsets = masks.logitOffsets(scope);
    long[] layout = {
      config.numHiddenLayers(),
      config.numExperts(),
      config.numAttentionHeads(),
      config.numKeyValueHeads(),
      config.headDim(),
      masks.topK(options, config.numExpertsPerTok()),
      step.keysSeen(),
      step.span(),
      step.inSlotOrder() ? 1 : 0,
      config.normTopkProb() ? 1 : 0,
      masks.maxActive(),
      options.useRouterBias() && routerBias ? 1 : 0,
      offsets != null ? 1 : 0,
      options.dispatch() == Dispatch.SORTED ? 1 : 0
    };
    List<IValue> inputs = new ArrayList<>();
    try {
      inputs.add(IValue.from((PtNDArray) tokens.reshape(-1)));
      inputs.add(IValue.from((PtNDArray) step.slotIndex));
      inputs.add(IValue.from((PtNDArray) step.positionIndex));
      inputs.add(IValue.from((PtNDArray) scope.create(step.slotPositions())));
      inputs.add(IValue.from((PtNDArray) (offsets != null ? offsets : scope.zeros(new Shape(0)))));
      inputs.add(IValue.listFrom(weights));
      inputs.add(IValue.listFrom(engine(step.keys())));
      inputs.add(IValue.listFrom(engine(step.values())));
      inputs.add(IValue.from(cos));
      inputs.add(IValue.from(sin));
      inputs.add(IValue.listFrom(layout));
      inputs.add(IValue.from(config.rmsNormEps()));
      inputs.add(IValue.from((double) (float) (1.0 / Math.sqrt(config.headDim()))));
      try (IValue result = Module.STEP.forward(inputs.toArray(IValue[]::new))) {
        IValue[] outputs = result.toIValueTuple();
        try {
          NDArray logits = outputs[0].toTensor(scope);
          RoutingTrace trace = options.trace();
          if (trace != null) {
            PtNDArray[] chosen = outputs[1].toTensorArray(scope);
            PtNDArray[] mixing = outputs[2].toTensorArray(scope);
            for (int layer = 0; layer < chosen.length; layer++) {
              trace.record(layer, chosen[layer].toLongArray(), mixing[layer]);
            }
          }
          return logits;
        } finally {
          for (IValue output : outputs) {
            output.close();
          }
        }
      }
    } finally {
      inputs.forEach(IValue::close);
    }
  }

  private static PtNDArray[] engine(NDArray[] tensors) {
    PtNDArray[] onEngine = new PtNDArray[tensors.length];
    for (int i = 0; i < tensors.length; i++) {
      onEngine[i] = (PtNDArray) tensors[i];
    }
    return onEngine;
  }
}
