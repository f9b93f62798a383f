package dev.flexmoe.model.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The log-probability (nats) the model gives each token of each document, each predicted from the
 * end-of-document token and its prefix, in windows of the model's context. The raw material of bits
 * per byte and of the ensembles that mix several models' predictions (BTM, routing by likelihood).
 * Windows of equal length are scored together in batches.
 */
public final class TokenLogProbs {

  private static final int BATCH = 8;

  private TokenLogProbs() {}

  /** Per document, one log-probability per token. */
  public static List<float[]> of(
      FlexOlmoModel model, List<EncodedDocument> documents, int startToken, Forward forward) {
    int context = model.config().maxPositionEmbeddings();
    List<float[]> result = new ArrayList<>();
    Map<Integer, List<Window>> byLength = new TreeMap<>();
    for (int d = 0; d < documents.size(); d++) {
      int[] ids = documents.get(d).tokens();
      result.add(new float[ids.length]);
      for (int start = 0; start < ids.length; start += context) {
        int end = Math.min(ids.length, start + context);
        byLength
            .computeIfAbsent(end - start, length -> new ArrayList<>())
            .add(new Window(d, start, end));
      }
    }
    NDManager parent = model.weights().manager().getParentManager();
    for (var group : byLength.entrySet()) {
      int length = group.getKey();
      List<Window> windows = group.getValue();
      for (int from = 0; from < windows.size(); from += BATCH) {
        List<Window> batch = windows.subList(from, Math.min(windows.size(), from + BATCH));
        long[] inputs = new long[batch.size() * length];
        long[] targets = new long[batch.size() * length];
        for (int row = 0; row < batch.size(); row++) {
          Window window = batch.get(row);
          int[] ids = documents.get(window.document()).tokens();
          for (int i = window.start(); i < window.end(); i++) {
            inputs[row * length + i - window.start()] = i == 0 ? startToken : ids[i - 1];
            targets[row * length + i - window.start()] = ids[i];
          }
        }
        float[] scores;
        try (NDManager scope = parent.newSubManager()) {
          Shape shape = new Shape(batch.size(), length);
          NDArray logits = model.forward(scope.create(inputs, shape), forward).logits();
          scores =
              logits
                  .logSoftmax(-1)
                  .gather(scope.create(targets, shape).expandDims(-1), -1)
                  .toFloatArray();
        }
        for (int row = 0; row < batch.size(); row++) {
          Window window = batch.get(row);
          System.arraycopy(
              scores, row * length, result.get(window.document()), window.start(), length);
        }
      }
    }
    return result;
  }

  private record Window(int document, int start, int end) {}
}
