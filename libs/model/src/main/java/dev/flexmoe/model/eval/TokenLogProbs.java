package dev.flexmoe.model.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
    List<Window> windows = new ArrayList<>();
    for (int d = 0; d < documents.size(); d++) {
      int[] ids = documents.get(d).tokens();
      result.add(new float[ids.length]);
      for (int start = 0; start < ids.length; start += context) {
        windows.add(new Window(d, start, Math.min(ids.length, start + context)));
      }
    }
    // Longest first, so that each batch holds windows of similar length.
    windows.sort(
        Comparator.comparingInt((Window window) -> window.end() - window.start()).reversed());
    NDManager parent = model.weights().manager().getParentManager();
    for (int from = 0; from < windows.size(); from += BATCH) {
      List<Window> batch = windows.subList(from, Math.min(windows.size(), from + BATCH));
      int length = batch.get(0).end() - batch.get(0).start();
      // Shorter windows are padded at the end: in a causal model padding after a position never
      // changes what the model predicts there, and the padded positions are not read.
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
            scores,
            row * length,
            result.get(window.document()),
            window.start(),
            window.end() - window.start());
      }
    }
    return result;
  }

  private record Window(int document, int start, int end) {}
}
