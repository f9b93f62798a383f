package dev.flexmoe.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.generate.Generator;
import dev.flexmoe.model.generate.Sampling;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.nn.Precision;
import dev.flexmoe.model.train.PublicPretraining;
import dev.flexmoe.model.train.TokenWindows;
import dev.flexmoe.model.train.TrainingFlops;
import dev.flexmoe.model.train.TrainingRun;
import dev.flexmoe.model.train.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The model-core benchmark: the float32 and bfloat16 GEMM ceilings of this machine (products of
 * large square matrices), training throughput and model-FLOPs utilization against the float32 one,
 * prefill/decode throughput of the dense public model against a merged 8-expert model at k = 1, 2,
 * 4, 8, and prefill and training with bfloat16 products against float32 ones — each as a ratio to a
 * baseline measured in the same run. Prints a Markdown report.
 */
@Command(
    name = "model-benchmark",
    mixinStandardHelpOptions = true,
    description = "Benchmarks the model core; prints a Markdown report.")
public final class ModelBenchmark implements Callable<Integer> {

  @Mixin ModelShape shape;

  @Option(
      names = "--gemm-size",
      description = "Side of the square GEMM (default: ${DEFAULT-VALUE}).")
  int gemmSize = 1024;

  @Option(
      names = "--batch",
      description = "Training sequences per step (default: ${DEFAULT-VALUE}).")
  int batch = 8;

  @Option(
      names = "--train-steps",
      description = "Measured training steps (default: ${DEFAULT-VALUE}).")
  int trainSteps = 8;

  @Option(
      names = "--prefill-batch",
      description = "Prompts per prefill, each a full context (default: ${DEFAULT-VALUE}).")
  int prefillBatch = 8;

  @Option(
      names = "--decode-tokens",
      description = "Tokens generated per decode run (default: ${DEFAULT-VALUE}).")
  int decodeTokens = 32;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ModelBenchmark()).execute(args));
  }

  @Override
  public Integer call() {
    StringBuilder report = new StringBuilder();
    try (NDManager manager = NDManager.newBaseManager()) {
      FlexOlmoConfig dense = shape.dense();
      report.append(
          String.format(
              Locale.ROOT,
              "Preset %s (d %d, %d layers, FFN %d, context %d, vocab %d); %s.%n%n",
              shape.preset,
              dense.hiddenSize(),
              dense.numHiddenLayers(),
              dense.intermediateSize(),
              dense.maxPositionEmbeddings(),
              shape.vocab,
              Measure.runtime()));
      double ceiling = gemmCeiling(manager, Precision.FLOAT32);
      double bfloat16Ceiling = gemmCeiling(manager, Precision.BFLOAT16);
      report.append(String.format(Locale.ROOT, "| figure | value |%n|---|---|%n"));
      report.append(
          String.format(
              Locale.ROOT,
              "| f32 GEMM ceiling (%d^3, x W^T) | %.1f GFLOP/s |%n",
              gemmSize,
              ceiling / 1e9));
      report.append(
          String.format(
              Locale.ROOT,
              "| bf16 GEMM ceiling (%d^3, float32 in and out) | %.1f GFLOP/s |%n",
              gemmSize,
              bfloat16Ceiling / 1e9));
      double trainTokens = trainingTokensPerSecond(manager, dense);
      double flops = TrainingFlops.perToken(dense, dense.maxPositionEmbeddings());
      report.append(
          String.format(
              Locale.ROOT,
              "| training throughput (batch %d x %d) | %.0f tokens/s |%n",
              batch,
              dense.maxPositionEmbeddings(),
              trainTokens));
      report.append(
          String.format(
              Locale.ROOT,
              "| model FLOPs utilization (%.1f MFLOP/token) | %.1f%% of the GEMM ceiling |%n%n",
              flops / 1e6,
              100 * trainTokens * flops / ceiling));
      report.append(inference(manager, dense));
      report.append(precisions(manager, dense));
    }
    System.out.print(report);
    return 0;
  }

  private double gemmCeiling(NDManager manager, Precision precision) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray a = scope.randomNormal(new Shape(gemmSize, gemmSize));
      NDArray b = scope.randomNormal(new Shape(gemmSize, gemmSize));
      double seconds =
          Measure.medianSeconds(
              2,
              shape.runs,
              () -> {
                try (NDManager step = scope.newSubManager()) {
                  NDArray c = precision.project(a, b); // a b^T: the same FLOPs as a b
                  c.attach(step);
                  c.getFloat(0, 0); // wait for the result
                }
              });
      return 2.0 * gemmSize * gemmSize * gemmSize / seconds;
    }
  }

  private double trainingTokensPerSecond(NDManager manager, FlexOlmoConfig config) {
    int[] stream = randomTokens(200_000, config.vocabSize(), 1);
    try (NDManager scope = manager.newSubManager()) {
      ModelWeights weights = ModelWeights.initialize(config, scope, 1);
      TrainingSettings settings =
          new TrainingSettings(2 + trainSteps, batch, 1e-4, 1e-5, 1, 1.0, 1e-3, 1, 0);
      try (TrainingRun run =
          new TrainingRun(
              new FlexOlmoModel(weights),
              PublicPretraining.trainables(weights, 0.1f),
              new TokenWindows(stream, config.maxPositionEmbeddings()),
              settings,
              Forward.defaults())) {
        run.run(2, progress -> {}); // warm-up
        long start = System.nanoTime();
        run.run(2 + trainSteps, progress -> {});
        double seconds = (System.nanoTime() - start) / 1e9;
        return (double) trainSteps * batch * config.maxPositionEmbeddings() / seconds;
      }
    }
  }

  private String inference(NDManager manager, FlexOlmoConfig dense) {
    int context = dense.maxPositionEmbeddings();
    int promptLength = context / 2;
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            "Prefill: %d prompts of %d tokens in one pass. Decode: %d tokens after a %d-token prompt,"
                + " one sequence, KV cache.%n%n",
            prefillBatch,
            context,
            decodeTokens,
            promptLength));
    table.append(
        "| model | prefill tokens/s | decode tokens/s | prefill time vs dense | decode time vs dense |\n");
    table.append("|---|---|---|---|---|\n");
    try (NDManager scope = manager.newSubManager()) {
      ModelWeights denseWeights = ModelWeights.initialize(dense, scope, 2);
      double[] baseline = throughput(scope, denseWeights, 0, promptLength);
      table.append(row("dense public model (1 FFN)", baseline, baseline));
      FlexOlmoConfig doubleFfn =
          new FlexOlmoConfig(
              dense.vocabSize(),
              dense.hiddenSize(),
              2 * dense.intermediateSize(),
              dense.numHiddenLayers(),
              dense.numAttentionHeads(),
              dense.numKeyValueHeads(),
              1,
              1,
              false,
              dense.rmsNormEps(),
              dense.ropeTheta(),
              context,
              false,
              dense.initializerRange(),
              null);
      double[] twoFfns =
          throughput(scope, ModelWeights.initialize(doubleFfn, scope, 3), 0, promptLength);
      table.append(row("dense, 2 FFNs' worth (FFN x2)", twoFfns, baseline));
      ModelWeights merged =
          randomRouted(ModelWeights.initialize(dense.withExperts(8, 8), scope, 4));
      List<double[]> moe = new ArrayList<>();
      for (int k : new int[] {1, 2, 4, 8}) {
        double[] figures = throughput(scope, merged, k, promptLength);
        moe.add(figures);
        table.append(row("merged, 8 experts, k = " + k, figures, baseline));
      }
      table.append(
          String.format(
              Locale.ROOT,
              "%nAt k = 2 the MoE takes %.2fx the prefill time and %.2fx the decode time of the dense model"
                  + " with two FFNs' worth of compute (target: at most 1.3x).%n",
              twoFfns[0] / moe.get(1)[0],
              twoFfns[1] / moe.get(1)[1]));
    }
    return table.toString();
  }

  /**
   * Prefill and training with bfloat16 products against float32 ones ({@link Precision}), the two
   * taking turns run by run so that the machine's drift touches both alike.
   */
  private String precisions(NDManager manager, FlexOlmoConfig dense) {
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            "%nbfloat16 products against float32, taking turns (%d runs each; medians):%n%n",
            shape.runs));
    table.append("| figure | float32 tokens/s | bfloat16 tokens/s | bfloat16 vs float32 |\n");
    table.append("|---|---|---|---|\n");
    int context = dense.maxPositionEmbeddings();
    long[] ids = new long[prefillBatch * context];
    int[] random = randomTokens(ids.length, dense.vocabSize(), 7);
    for (int i = 0; i < ids.length; i++) {
      ids[i] = random[i];
    }
    try (NDManager scope = manager.newSubManager()) {
      ModelWeights denseWeights = ModelWeights.initialize(dense, scope, 2);
      ModelWeights merged =
          randomRouted(ModelWeights.initialize(dense.withExperts(8, 2), scope, 4));
      for (var model :
          List.of(
              new Object[] {"prefill dense, " + prefillBatch + " x " + context, denseWeights},
              new Object[] {"prefill 8 experts k = 2", merged})) {
        FlexOlmoModel net = new FlexOlmoModel((ModelWeights) model[1]);
        double[] seconds =
            alternating(
                precision ->
                    forwardOnce(
                        scope,
                        net,
                        Forward.defaults().withPrecision(precision),
                        ids,
                        prefillBatch));
        table.append(precisionRow((String) model[0], ids.length, seconds));
      }
      // one run per precision, each advanced by trainSteps optimizer steps per turn
      int[] stream = randomTokens(200_000, dense.vocabSize(), 1);
      int totalSteps = (shape.runs + 1) * trainSteps;
      List<TrainingRun> runs = new ArrayList<>();
      int[] done = new int[2];
      double[] training;
      try {
        for (Precision precision : Precision.values()) {
          ModelWeights weights = ModelWeights.initialize(dense, scope, 1);
          runs.add(
              new TrainingRun(
                  new FlexOlmoModel(weights),
                  PublicPretraining.trainables(weights, 0.1f),
                  new TokenWindows(stream, context),
                  new TrainingSettings(
                      totalSteps, batch, 1e-4, 1e-5, 1, 1.0, 1e-3, 1, 0, precision),
                  Forward.defaults()));
        }
        training =
            alternating(
                precision -> {
                  done[precision.ordinal()] += trainSteps;
                  runs.get(precision.ordinal()).run(done[precision.ordinal()], progress -> {});
                });
      } finally {
        runs.forEach(TrainingRun::close);
      }
      table.append(
          precisionRow(
              "training, dense, " + batch + " x " + context,
              (double) trainSteps * batch * context,
              training));
    }
    return table.toString();
  }

  /** Median seconds of {@code work} with float32 then bfloat16 products, after a warm-up each. */
  private double[] alternating(java.util.function.Consumer<Precision> work) {
    work.accept(Precision.FLOAT32);
    work.accept(Precision.BFLOAT16);
    double[][] seconds = new double[2][shape.runs];
    for (int run = 0; run < shape.runs; run++) {
      for (Precision precision : Precision.values()) {
        long start = System.nanoTime();
        work.accept(precision);
        seconds[precision.ordinal()][run] = (System.nanoTime() - start) / 1e9;
      }
    }
    java.util.Arrays.sort(seconds[0]);
    java.util.Arrays.sort(seconds[1]);
    return new double[] {Measure.percentile(seconds[0], 0.5), Measure.percentile(seconds[1], 0.5)};
  }

  private static String precisionRow(String name, double tokens, double[] seconds) {
    return String.format(
        Locale.ROOT,
        "| %s | %.0f | %.0f | %.2fx |%n",
        name,
        tokens / seconds[0],
        tokens / seconds[1],
        seconds[0] / seconds[1]);
  }

  /** Router rows drawn at random, so that tokens spread over the experts as after merging. */
  static ModelWeights randomRouted(ModelWeights weights) {
    Random random = new Random(5);
    int experts = weights.config().numExperts();
    int d = weights.config().hiddenSize();
    for (int layer = 0; layer < weights.config().numHiddenLayers(); layer++) {
      float[] rows = new float[experts * d];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = (float) random.nextGaussian();
      }
      weights.get(TensorNames.router(layer)).set(rows);
    }
    return weights;
  }

  private static String row(String name, double[] figures, double[] baseline) {
    return String.format(
        Locale.ROOT,
        "| %s | %.0f | %.1f | %.2fx | %.2fx |%n",
        name,
        figures[0],
        figures[1],
        baseline[0] / figures[0],
        baseline[1] / figures[1]);
  }

  /**
   * Prefill tokens per second ({@code prefillBatch} full-context prompts in one pass) and decode
   * tokens per second (one sequence with a KV cache) of one model (k = 0 for its own).
   */
  private double[] throughput(NDManager scope, ModelWeights weights, int k, int promptLength) {
    FlexOlmoModel model = new FlexOlmoModel(weights);
    Forward forward = Forward.defaults().withTopK(k);
    int context = weights.config().maxPositionEmbeddings();
    Random random = new Random(6);
    long[] batchIds = new long[prefillBatch * context];
    for (int i = 0; i < batchIds.length; i++) {
      batchIds[i] = random.nextInt(weights.config().vocabSize());
    }
    int[] promptIds = new int[promptLength];
    long[] prompt = new long[promptLength];
    for (int i = 0; i < promptLength; i++) {
      promptIds[i] = (int) batchIds[i];
      prompt[i] = batchIds[i];
    }
    double prefill =
        Measure.medianSeconds(
            1, shape.runs, () -> forwardOnce(scope, model, forward, batchIds, prefillBatch));
    double promptOnly =
        Measure.medianSeconds(1, shape.runs, () -> forwardOnce(scope, model, forward, prompt, 1));
    // Decode: the whole generation minus its prompt's prefill, per generated token.
    double generation =
        Measure.medianSeconds(
            1,
            shape.runs,
            () ->
                Generator.generate(
                    model, promptIds, decodeTokens, Sampling.greedy(), token -> false, forward));
    double decodePerToken = Math.max(1e-9, (generation - promptOnly) / decodeTokens);
    return new double[] {batchIds.length / prefill, 1 / decodePerToken};
  }

  private static void forwardOnce(
      NDManager scope, FlexOlmoModel model, Forward forward, long[] ids, int rows) {
    try (NDManager step = scope.newSubManager()) {
      model
          .forward(step.create(ids, new Shape(rows, ids.length / rows)), forward)
          .logits()
          .getFloat(0, 0, 0);
    }
  }

  private static int[] randomTokens(int count, int vocab, long seed) {
    Random random = new Random(seed);
    int[] tokens = new int[count];
    for (int i = 0; i < count; i++) {
      tokens[i] = random.nextInt(vocab);
    }
    return tokens;
  }
}
