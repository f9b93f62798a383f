package dev.flexmoe.model.workflow;

import dev.flexmoe.model.eval.BitsPerByte;
import dev.flexmoe.model.eval.RoutingShares;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.nn.RoutingTrace;
import java.nio.file.Path;
import java.util.List;

/** Bits per byte of a model on a text set, and where its router sends the tokens. */
public final class EvaluateModel {

  private EvaluateModel() {}

  /**
   * @param excluded experts (names or rows) switched off
   * @param only if not empty, the only experts (besides the public one) switched on
   * @param topK experts per token, 0 for the model's own
   * @param useRouterBias whether a kept router bias applies
   */
  public static Result run(
      Path model,
      Path corpus,
      List<String> excluded,
      List<String> only,
      int topK,
      boolean useRouterBias) {
    try (LoadedModel loaded = LoadedModel.open(model)) {
      TokenizedCorpus data = TokenizedCorpus.of(Corpus.read(corpus), loaded.tokenizer());
      Forward forward =
          Forward.defaults()
              .withMask(loaded.mask(excluded, only))
              .withTopK(topK)
              .withRouterBias(useRouterBias);
      BitsPerByte.Result bits =
          BitsPerByte.evaluate(loaded.model(), data.documents(), data.endOfDocument(), forward);
      RoutingTrace routing = RoutingShares.measure(loaded.model(), data.documents(), forward);
      return new Result(bits, routing, loaded.expertNames());
    }
  }

  /** Bits per byte, routing shares, and the expert names the shares refer to. */
  public record Result(BitsPerByte.Result bits, RoutingTrace routing, List<String> experts) {}
}
