package dev.flexmoe.model.eval;

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
    return of(documents, TokenLogProbs.of(model, documents, startToken, forward));
  }

  /** Bits per byte from per-token log-probabilities (nats) of the documents. */
  public static Result of(List<EncodedDocument> documents, List<float[]> logProbs) {
    double nats = 0;
    long bytes = 0;
    long tokens = 0;
    for (int d = 0; d < documents.size(); d++) {
      bytes += documents.get(d).bytes();
      tokens += logProbs.get(d).length;
      for (float logProb : logProbs.get(d)) {
        nats -= logProb;
      }
    }
    return new Result(nats / Math.log(2), bytes, tokens);
  }
}
