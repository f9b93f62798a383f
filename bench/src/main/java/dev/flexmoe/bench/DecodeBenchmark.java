package dev.flexmoe.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.generate.BatchedGenerator;
import dev.flexmoe.model.generate.Generator;
import dev.flexmoe.model.generate.Sampling;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.FlexOlmoModel.Decoding;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.nn.KvCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Decode throughput, each figure against baselines in the same run on the same weights: one
 * sequence decoded as {@link Generator} did before decode steps (a forward pass of one token
 * through a KV cache per token: the baseline), with the eager decode step (kept in libs/model as
 * {@link Decoding#EAGER}) and with the compiled one; then {@link BatchedGenerator} with 1, 4 and 16
 * sequences decoding together, eager and compiled; greedy throughout, plus sampled rows. Dense
 * model and 8 merged experts at k = 2. Every figure is tokens per second of generated tokens,
 * prefill excluded, median of the runs; the ways of decoding take turns run by run so that drift on
 * a shared machine hits them alike. The limit a step is measured against is its matrix-vector
 * products alone, each weight read once per token as a step reads it.
 */
@Command(
    name = "decode-benchmark",
    mixinStandardHelpOptions = true,
    description =
        "Compiled against eager decoding, single-sequence and batched, tokens per second.")
public final class DecodeBenchmark implements Callable<Integer> {

  /** What an API client asks for when it does not want greedy text. */
  private static final Sampling SAMPLED = new Sampling(0.8, 0.95, 1);

  @Mixin ModelShape shape;

  @Option(
      names = "--tokens",
      description = "Tokens generated per sequence (default: ${DEFAULT-VALUE}).")
  int tokens = 32;

  @Option(
      names = "--prompt",
      description = "Prompt tokens per sequence (default: ${DEFAULT-VALUE}).")
  int promptLength = 64;

  @Option(
      names = "--batches",
      split = ",",
      description = "Sequences decoded together (default: ${DEFAULT-VALUE}).")
  int[] batches = {1, 4, 16};

  @Option(
      names = "--profile",
      description =
          "Also profile the compiled single-sequence step with PyTorch's profiler and print where"
              + " its time goes; the trace is written to this file.")
  Path profile;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DecodeBenchmark()).execute(args));
  }

  @Override
  public Integer call() {
    FlexOlmoConfig dense = shape.dense();
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "Preset %s, %s; %d-token prompts, %d generated tokens"
                + " per sequence, greedy unless marked sampled (temperature 0.8, top-p 0.95).%n%n",
            shape.preset,
            Measure.runtime(),
            promptLength,
            tokens));
    report.append(
        "| model | decoding | sequences | decode tokens/s | vs a forward pass per token |"
            + " compiled vs eager step |\n");
    report.append("|---|---|---:|---:|---:|---:|\n");
    StringBuilder limits = new StringBuilder();
    try (NDManager manager = NDManager.newBaseManager()) {
      ModelWeights denseWeights = ModelWeights.initialize(dense, manager, 2);
      report.append(rows("dense", denseWeights, limits));
      ModelWeights merged = ModelWeights.initialize(dense.withExperts(8, 2), manager, 4);
      report.append(rows("8 experts, k = 2", ModelBenchmark.randomRouted(merged), limits));
      report.append(limits);
      if (profile != null) {
        report.append(
            StepProfile.of(new FlexOlmoModel(denseWeights), prompt(dense.vocabSize(), 0), profile)
                .table());
      }
    }
    System.out.print(report);
    return 0;
  }

  private String rows(String name, ModelWeights weights, StringBuilder limits) {
    FlexOlmoModel eager = new FlexOlmoModel(weights, Decoding.EAGER);
    FlexOlmoModel compiled = new FlexOlmoModel(weights, Decoding.COMPILED);
    int[] prompt = prompt(weights.config().vocabSize(), 0);
    double[] single =
        singleSequence(
            List.of(
                n -> forwardLoop(compiled, prompt, n),
                n -> generate(eager, prompt, n, Sampling.greedy()),
                n -> generate(compiled, prompt, n, Sampling.greedy())));
    double baseline = single[0];
    StringBuilder rows = new StringBuilder();
    rows.append(row(name, "forward + KV cache per token", "1", baseline, baseline, Double.NaN));
    rows.append(row(name, "eager step", "1 (Generator)", single[1], baseline, Double.NaN));
    rows.append(
        row(name, "compiled step", "1 (Generator)", single[2], baseline, single[2] / single[1]));
    for (int sequences : batches) {
      double[] batched = batched(sequences, Sampling.greedy(), eager, compiled);
      rows.append(row(name, "eager step", sequences + "", batched[0], baseline, Double.NaN));
      rows.append(
          row(
              name,
              "compiled step",
              sequences + "",
              batched[1],
              baseline,
              batched[1] / batched[0]));
    }
    double sampledSingle = singleSequence(List.of(n -> generate(compiled, prompt, n, SAMPLED)))[0];
    rows.append(
        row(name, "compiled step, sampled", "1 (Generator)", sampledSingle, baseline, Double.NaN));
    int widest = batches[batches.length - 1];
    double sampledBatch = batched(widest, SAMPLED, compiled)[0];
    rows.append(
        row(name, "compiled step, sampled", widest + "", sampledBatch, baseline, Double.NaN));
    double limit = projectionsPerSecond(weights);
    limits.append(
        String.format(
            Locale.ROOT,
            "%n%s: the step's matrix-vector products alone run %.1f times a second (%.3f ms);"
                + " one sequence decodes at %.0f%% of that with the compiled step, %.0f%% with"
                + " the eager step, %.0f%% with a forward pass per token.%n",
            name,
            limit,
            1000 / limit,
            100 * single[2] / limit,
            100 * single[1] / limit,
            100 * baseline / limit));
    return rows.toString();
  }

  private static String row(
      String name,
      String decoding,
      String sequences,
      double perSecond,
      double baseline,
      double vs) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s | %.1f | %.2fx | %s |%n",
        name,
        decoding,
        sequences,
        perSecond,
        perSecond / baseline,
        Double.isNaN(vs) ? "" : String.format(Locale.ROOT, "**%.2fx**", vs));
  }

  /** Generates a number of tokens for one sequence, prefill included. */
  private interface Decoder {
    void generate(int tokens);
  }

  /**
   * Decode tokens/s of each decoder: medians over runs in which the decoders take turns, so that
   * drift on a shared machine hits them alike; a run's prefill (a one-token generation) is
   * subtracted.
   */
  private double[] singleSequence(List<Decoder> decoders) {
    double[][] perRun = new double[decoders.size()][shape.runs];
    for (int run = -1; run < shape.runs; run++) { // run -1 warms every decoder up
      for (int d = 0; d < decoders.size(); d++) {
        long start = System.nanoTime();
        decoders.get(d).generate(1);
        long prefilled = System.nanoTime();
        decoders.get(d).generate(tokens);
        long generated = System.nanoTime();
        if (run >= 0) {
          double decodeSeconds = ((generated - prefilled) - (prefilled - start)) / 1e9;
          perRun[d][run] = (tokens - 1) / Math.max(1e-9, decodeSeconds);
        }
      }
    }
    return Arrays.stream(perRun).mapToDouble(DecodeBenchmark::median).toArray();
  }

  private static void generate(FlexOlmoModel model, int[] prompt, int n, Sampling sampling) {
    Generator.generate(model, prompt, n, sampling, t -> false, Forward.defaults());
  }

  /**
   * Greedy decoding as {@link Generator} did before decode steps: every token a forward pass of
   * length 1 through a {@link KvCache}. The baseline of the single-sequence figures.
   */
  private static void forwardLoop(FlexOlmoModel model, int[] prompt, int n) {
    NDManager parent = model.weights().manager().getParentManager();
    try (KvCache cache = new KvCache(parent, model.config())) {
      Forward forward = Forward.defaults().withCache(cache);
      long[] next = Arrays.stream(prompt).asLongStream().toArray();
      for (int i = 0; i < n; i++) {
        try (NDManager scope = parent.newSubManager()) {
          NDArray logits =
              model.forward(scope.create(next, new Shape(1, next.length)), forward).logits();
          next = new long[] {logits.get(new NDIndex("0, -1")).argMax().getLong()};
        }
      }
    }
  }

  /** Generated tokens/s of {@code sequences} sequences decoding together, for each model. */
  private double[] batched(int sequences, Sampling sampling, FlexOlmoModel... models) {
    double[][] perRun = new double[models.length][shape.runs];
    for (int run = -1; run < shape.runs; run++) {
      for (int m = 0; m < models.length; m++) {
        try (BatchedGenerator batch = new BatchedGenerator(models[m], sequences, 0)) {
          for (int s = 0; s < sequences; s++) {
            batch.add(
                prompt(models[m].config().vocabSize(), s), tokens, sampling, t -> false, null);
          }
          long start = System.nanoTime();
          int steps = 0;
          while (batch.running() > 0) {
            batch.step();
            steps++;
          }
          if (run >= 0) {
            perRun[m][run] = (double) steps * sequences / ((System.nanoTime() - start) / 1e9);
          }
        }
      }
    }
    return Arrays.stream(perRun).mapToDouble(DecodeBenchmark::median).toArray();
  }

  /**
   * Steps per second if a single-sequence step were only its matrix-vector products: every
   * attention projection, the router, k experts per layer (different ones from layer to layer, as
   * routing spreads them) and the LM head, each weight read once per step as in the model.
   */
  private double projectionsPerSecond(ModelWeights weights) {
    FlexOlmoConfig config = weights.config();
    int k = config.numExpertsPerTok();
    List<NDArray> wide = new ArrayList<>(); // [out, d]
    List<NDArray> narrow = new ArrayList<>(); // [d, intermediate]
    for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
      for (char projection : new char[] {'q', 'k', 'v', 'o'}) {
        wide.add(weights.get(TensorNames.attention(layer, projection)));
      }
      wide.add(weights.get(TensorNames.router(layer)));
      for (int j = 0; j < k; j++) {
        int expert = (layer + j) % config.numExperts();
        wide.add(weights.get(TensorNames.expert(layer, expert, "gate")));
        wide.add(weights.get(TensorNames.expert(layer, expert, "up")));
        narrow.add(weights.get(TensorNames.expert(layer, expert, "down")));
      }
    }
    wide.add(weights.get(TensorNames.LM_HEAD));
    NDManager parent = weights.manager().getParentManager();
    double seconds =
        Measure.medianSeconds(
            1,
            shape.runs,
            () -> {
              for (int step = 0; step < tokens; step++) {
                try (NDManager scope = parent.newSubManager()) {
                  NDArray x = scope.randomNormal(new Shape(1, config.hiddenSize()));
                  NDArray g = scope.randomNormal(new Shape(1, config.intermediateSize()));
                  for (NDArray w : wide) {
                    Linear.linear(x, w).singletonOrThrow();
                  }
                  for (NDArray w : narrow) {
                    Linear.linear(g, w).singletonOrThrow();
                  }
                }
              }
            });
    return tokens / seconds;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private int[] prompt(int vocabSize, long seed) {
    Random random = new Random(seed);
    int[] ids = new int[promptLength];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = random.nextInt(vocabSize);
    }
    return ids;
  }
}
