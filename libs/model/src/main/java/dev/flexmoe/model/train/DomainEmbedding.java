package dev.flexmoe.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A corpus's embedding in the public model's own space: the mean final hidden state over up to
 * {@value #MAX_DOCUMENTS} sampled documents, scaled to unit length. It initializes a new expert's
 * router row (and, for the public corpus, the public row), so that each expert starts out preferred
 * for text that looks like its data — the cheap variant of the paper's domain-embedding init.
 */
public final class DomainEmbedding {

  public static final int MAX_DOCUMENTS = 1000;

  private DomainEmbedding() {}

  /**
   * @param documents token ids per document
   * @param seed which documents are sampled when there are more than {@value #MAX_DOCUMENTS}
   * @return a unit vector of length {@code hidden_size}
   */
  public static float[] compute(FlexOlmoModel publicModel, List<int[]> documents, long seed) {
    List<int[]> sample = new ArrayList<>(documents);
    sample.removeIf(document -> document.length == 0);
    if (sample.isEmpty()) {
      throw new IllegalArgumentException("no non-empty document to embed");
    }
    Collections.shuffle(sample, new Random(seed));
    sample = sample.subList(0, Math.min(MAX_DOCUMENTS, sample.size()));
    int d = publicModel.config().hiddenSize();
    int context = publicModel.config().maxPositionEmbeddings();
    double[] sum = new double[d];
    NDManager parent = publicModel.weights().manager().getParentManager();
    for (int[] document : sample) {
      int length = Math.min(context, document.length);
      long[] ids = new long[length];
      for (int i = 0; i < length; i++) {
        ids[i] = document[i];
      }
      try (NDManager scope = parent.newSubManager()) {
        NDArray tokens = scope.create(ids, new Shape(1, length));
        float[] mean =
            publicModel
                .forward(tokens, Forward.defaults())
                .hidden()
                .mean(new int[] {1})
                .toFloatArray();
        for (int i = 0; i < d; i++) {
          sum[i] += mean[i];
        }
      }
    }
    return UnitVectors.of(sum);
  }
}
