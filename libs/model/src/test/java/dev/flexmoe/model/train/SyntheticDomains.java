package dev.flexmoe.model.train;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Token streams with different, learnable structure: each domain is a noisy deterministic walk over
 * its own part of the vocabulary; the public stream mixes short stretches of every domain with
 * random tokens.
 */
public final class SyntheticDomains {

  public static final int VOCAB = 97;

  private static final int CONTEXT = 32;
  private static final TrainingSettings PUBLIC =
      new TrainingSettings(150, 8, 3e-3, 3e-4, 10, 1.0, 1e-3, 1, 0);

  private SyntheticDomains() {}

  /** Domain 0 walks over tokens 0..39, domain 1 over 40..79, each with its own rule. */
  public static int[] domain(int domain, int length, long seed) {
    Random random = new Random(seed);
    int[] tokens = new int[length];
    int state = random.nextInt(40);
    for (int i = 0; i < length; i++) {
      state = random.nextInt(10) == 0 ? random.nextInt(40) : step(domain, state);
      tokens[i] = domain * 40 + state;
    }
    return tokens;
  }

  private static int step(int domain, int state) {
    return domain == 0 ? (3 * state + 1) % 40 : (7 * state + 3) % 40;
  }

  public static int[] publicStream(int length, long seed) {
    Random random = new Random(seed);
    int[] tokens = new int[length];
    int i = 0;
    while (i < length) {
      int stretch = Math.min(length - i, 8 + random.nextInt(8));
      if (random.nextInt(3) == 0) {
        for (int j = 0; j < stretch; j++) {
          tokens[i + j] = random.nextInt(VOCAB);
        }
      } else {
        System.arraycopy(
            domain(random.nextInt(2), stretch, random.nextLong()), 0, tokens, i, stretch);
      }
      i += stretch;
    }
    return tokens;
  }

  public static List<int[]> documents(int[] stream, int documentLength) {
    List<int[]> documents = new ArrayList<>();
    for (int start = 0; start + documentLength <= stream.length; start += documentLength) {
      int[] document = new int[documentLength];
      System.arraycopy(stream, start, document, 0, documentLength);
      documents.add(document);
    }
    return documents;
  }

  /**
   * The micro public model of these domains: pretrained for 150 steps on the public stream in
   * windows of 32 tokens, with the stream's embedding as its public router row (seconds on a CPU).
   */
  public static ModelWeights pretrainedPublicModel(NDManager manager) {
    ModelWeights weights = ModelWeights.initialize(FlexOlmoConfig.micro(VOCAB), manager, 21);
    int[] stream = publicStream(30_000, 22);
    FlexOlmoModel model = new FlexOlmoModel(weights);
    try (TrainingRun run =
        new TrainingRun(
            model,
            PublicPretraining.trainables(weights, 0.1f),
            new TokenWindows(stream, CONTEXT),
            PUBLIC,
            Forward.defaults())) {
      run.run(PUBLIC.steps(), progress -> {});
    }
    PublicPretraining.setPublicRouterEmbedding(
        weights, DomainEmbedding.compute(model, documents(stream, CONTEXT), 3));
    return weights;
  }
}
