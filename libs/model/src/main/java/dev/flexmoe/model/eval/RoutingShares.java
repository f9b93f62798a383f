package dev.flexmoe.model.eval;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.nn.RoutingTrace;
import java.util.List;

/**
 * Per layer, the share of a text set's tokens for which each expert was among the top-k (the
 * paper's Figure 2): which experts a domain actually uses.
 */
public final class RoutingShares {

  private RoutingShares() {}

  public static RoutingTrace measure(
      FlexOlmoModel model, List<EncodedDocument> documents, Forward forward) {
    RoutingTrace trace =
        new RoutingTrace(model.config().numHiddenLayers(), model.config().numExperts());
    int context = model.config().maxPositionEmbeddings();
    NDManager parent = model.weights().manager().getParentManager();
    for (EncodedDocument document : documents) {
      int[] ids = document.tokens();
      for (int start = 0; start < ids.length; start += context) {
        int end = Math.min(ids.length, start + context);
        long[] window = new long[end - start];
        for (int i = start; i < end; i++) {
          window[i - start] = ids[i];
        }
        try (NDManager scope = parent.newSubManager()) {
          model.forward(
              scope.create(window, new Shape(1, window.length)), forward.withTrace(trace));
        }
      }
    }
    return trace;
  }
}
