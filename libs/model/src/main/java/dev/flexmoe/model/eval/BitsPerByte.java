package dev.flexmoe.model.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import java.util.List;

/**
 * Bits per byte: the model's total negative log-likelihood of a text set in bits, divided by the
 * text's UTF-8 length. Unlike perplexity it does not depend on the tokenizer, so models with
 * different vocabularies compare fairly.
 *
 * <p>Each document is scored on its own: its first token is predicted from the end-of-document
 * token (as after the previous document in training), the rest from their prefix, in windows of the
 * model's context where a document is longer.
 */
public final class BitsPerByte {

  private BitsPerByte() {}

  /** The summed result, so that sets can be combined. */
  public record Result(double bits, long bytes, long tokens) {
    public double bitsPerByte() {
      return bytes == 0 ? Double.NaN : bits / bytes;
    }
  }

  public static Result evaluate(
      FlexOlmoModel model, List<EncodedDocument> documents, int startToken, Forward forward) {
    int context = model.config().maxPositionEmbeddings();
    double nats = 0;
    long bytes = 0;
    long tokens = 0;
    NDManager parent = model.weights().manager().getParentManager();
    for (EncodedDocument document : documents) {
      bytes += document.bytes();
      int[] ids = document.tokens();
      tokens += ids.length;
      // window w predicts ids[start .. end) from the token before start and what follows it
      for (int start = 0; start < ids.length; start += context) {
        int end = Math.min(ids.length, start + context);
        long[] inputs = new long[end - start];
        long[] targets = new long[end - start];
        for (int i = start; i < end; i++) {
          inputs[i - start] = i == 0 ? startToken : ids[i - 1];
          targets[i - start] = ids[i];
        }
        try (NDManager scope = parent.newSubManager()) {
          Shape shape = new Shape(1, inputs.length);
          NDArray logits = model.forward(scope.create(inputs, shape), forward).logits();
          NDArray target = scope.create(targets, shape).expandDims(-1);
          nats -= logits.logSoftmax(-1).gather(target, -1).sum().getFloat();
        }
      }
    }
    return new Result(nats / Math.log(2), bytes, tokens);
  }
}
