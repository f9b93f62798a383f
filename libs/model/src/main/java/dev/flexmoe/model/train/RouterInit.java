package dev.flexmoe.model.train;

import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.nn.FlexOlmoModel;
import java.util.List;
import java.util.Random;

/**
 * Where a new expert's router row starts (docs/method.md, "router initialization"): the row is
 * trained with the expert from there, against the frozen public row. The variants are the paper's
 * Table 3 ablation.
 */
public sealed interface RouterInit {

  /**
   * The row for an expert of the domain whose documents are given, in the public model's hidden
   * size.
   *
   * @param texts the domain's documents as text
   * @param tokens the same documents as token ids
   * @param seed which documents are sampled, or the random row's draw
   */
  float[] row(FlexOlmoModel publicModel, List<String> texts, List<int[]> tokens, long seed);

  /** A short name, for step keys and table rows. */
  String name();

  /**
   * The domain's mean final hidden state in the public model, unit length ({@link
   * DomainEmbedding}): flexmoe's default.
   */
  record PublicEmbedding() implements RouterInit {
    @Override
    public float[] row(
        FlexOlmoModel publicModel, List<String> texts, List<int[]> tokens, long seed) {
      return DomainEmbedding.compute(publicModel, tokens, seed);
    }

    @Override
    public String name() {
      return "public-embedding";
    }
  }

  /** Independent normal values of this standard deviation (OLMo-core initializes with 0.002). */
  record RandomRow(double std) implements RouterInit {
    @Override
    public float[] row(
        FlexOlmoModel publicModel, List<String> texts, List<int[]> tokens, long seed) {
      Random random = new Random(seed);
      float[] row = new float[publicModel.config().hiddenSize()];
      for (int i = 0; i < row.length; i++) {
        row[i] = (float) (std * random.nextGaussian());
      }
      return row;
    }

    @Override
    public String name() {
      return "random";
    }
  }

  /** The domain's mean embedding by a document encoder that is not the public model. */
  record External(TextEmbedder embedder, String label) implements RouterInit {
    @Override
    public float[] row(
        FlexOlmoModel publicModel, List<String> texts, List<int[]> tokens, long seed) {
      int d = publicModel.config().hiddenSize();
      if (embedder.dimensions() != d) {
        throw new IllegalArgumentException(
            "the embedder gives " + embedder.dimensions() + " values, the model's rows have " + d);
      }
      double[] sum = new double[d];
      for (String text : texts) {
        float[] vector = embedder.embed(text);
        for (int i = 0; i < d; i++) {
          sum[i] += vector[i];
        }
      }
      return UnitVectors.of(sum);
    }

    @Override
    public String name() {
      return label;
    }
  }

  /**
   * The domain's embedding minus the public row, unit length: the direction in which the domain
   * differs from the public data.
   */
  record RelativeToPublic() implements RouterInit {
    @Override
    public float[] row(
        FlexOlmoModel publicModel, List<String> texts, List<int[]> tokens, long seed) {
      float[] domain = DomainEmbedding.compute(publicModel, tokens, seed);
      float[] publicRow = publicModel.weights().get(TensorNames.router(0)).toFloatArray();
      double[] difference = new double[domain.length];
      for (int i = 0; i < domain.length; i++) {
        difference[i] = domain[i] - publicRow[i];
      }
      return UnitVectors.of(difference);
    }

    @Override
    public String name() {
      return "minus-public";
    }
  }
}
