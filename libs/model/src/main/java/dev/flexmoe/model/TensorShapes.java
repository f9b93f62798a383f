package dev.flexmoe.model;

import java.util.Map;
import java.util.TreeMap;

/** Every tensor a model of a config has, with its shape: what a checkpoint must hold exactly. */
public final class TensorShapes {

  private TensorShapes() {}

  /** HF names to shapes, sorted by name; the router bias is not part of it. */
  public static Map<String, long[]> of(FlexOlmoConfig config) {
    Map<String, long[]> shapes = new TreeMap<>();
    long d = config.hiddenSize();
    long kv = (long) config.numKeyValueHeads() * config.headDim();
    long ffn = config.intermediateSize();
    shapes.put(TensorNames.EMBED, new long[] {config.vocabSize(), d});
    if (!config.tieWordEmbeddings()) {
      shapes.put(TensorNames.LM_HEAD, new long[] {config.vocabSize(), d});
    }
    shapes.put(TensorNames.FINAL_NORM, new long[] {d});
    for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
      shapes.put(TensorNames.attention(layer, 'q'), new long[] {d, d});
      shapes.put(TensorNames.attention(layer, 'k'), new long[] {kv, d});
      shapes.put(TensorNames.attention(layer, 'v'), new long[] {kv, d});
      shapes.put(TensorNames.attention(layer, 'o'), new long[] {d, d});
      shapes.put(TensorNames.qNorm(layer), new long[] {d});
      shapes.put(TensorNames.kNorm(layer), new long[] {kv});
      shapes.put(TensorNames.postAttentionNorm(layer), new long[] {d});
      shapes.put(TensorNames.postFeedforwardNorm(layer), new long[] {d});
      for (int expert = 0; expert < config.numExperts(); expert++) {
        shapes.put(TensorNames.expert(layer, expert, "gate"), new long[] {ffn, d});
        shapes.put(TensorNames.expert(layer, expert, "up"), new long[] {ffn, d});
        shapes.put(TensorNames.expert(layer, expert, "down"), new long[] {d, ffn});
      }
      shapes.put(TensorNames.router(layer), new long[] {config.numExperts(), d});
    }
    return shapes;
  }
}
