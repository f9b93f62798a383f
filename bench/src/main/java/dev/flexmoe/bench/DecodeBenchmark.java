package dev.flexmoe.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
 * Decode throughput of the compiled decode step against the eager one it replaced (the baseline,
 * kept in libs/model as {@link Decoding#EAGER}), on the same weights in the same run: one sequence
 * through {@link Generator}, then {@link BatchedGenerator} with 1, 4 and 16 sequences decoding
 * together, for the dense model and for 8 merged experts at k = 2. Every figure is tokens per
 * second of generated tokens, prefill excluded, median of the runs; eager and compiled runs
 * alternate so that drift on a shared machine hits both. The limit a step is measured against is
 * its matrix-vector products alone, each weight read once per token as a step reads it.
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
            "Preset %s, PyTorch %s, %d intra-op thread(s); %d-token prompts, %d generated tokens"
                + " per sequence, greedy unless marked sampled (temperature 0.8, top-p 0.95).%n%n",
            shape.preset,
            Engine.getInstance().getVersion(),
            Integer.getInteger(
                "ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()),
            promptLength,
            tokens));
    report.append(
        "| model | decoding | sequences | decode tokens/s | vs eager, one sequence |"
            + " compiled vs eager |\n");
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
    double[] single = singleSequence(eager, compiled);
    StringBuilder rows = new StringBuilder();
    rows.append(row(name, "eager", "1 (Generator)", single[0], single[0], Double.NaN));
    rows.append(
        row(name, "compiled", "1 (Generator)", single[1], single[0], single[1] / single[0]));
    for (int sequences : batches) {
      double[] batched = batched(eager, compiled, sequences);
      rows.append(row(name, "eager", sequences + "", batched[0], single[0], Double.NaN));
      rows.append(
          row(name, "compiled", sequences + "", batched[1], single[0], batched[1] / batched[0]));
    }
    double[] sampledSingle = singleSequence(compiled, compiled, SAMPLED);
    rows.append(
        row(name, "compiled, sampled", "1 (Generator)", sampledSingle[0], single[0], Double.NaN));
    int widest = batches[batches.length - 1];
    double[] sampledBatch = batched(compiled, compiled, widest, SAMPLED);
    rows.append(
        row(name, "compiled, sampled", widest + "", sampledBatch[0], single[0], Double.NaN));
    double limit = projectionsPerSecond(weights);
    limits.append(
        String.format(
            Locale.ROOT,
            "%n%s: the step's matrix-vector products alone run %.1f times a second (%.3f ms);"
                + " one compiled sequence decodes at %.0f%% of that, the eager step at %.0f%%.%n",
            name,
            limit,
            1000 / limit,
            100 * single[1] / limit,
            100 * single[0] / limit));
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

  /** Generator tokens/s, eager then compiled: medians over alternating runs, prefill excluded. */
  private double[] singleSequence(FlexOlmoModel eager, FlexOlmoModel compiled) {
    return singleSequence(eager, compiled, Sampling.greedy());
  }

  private double[] singleSequence(FlexOlmoModel eager, FlexOlmoModel compiled, Sampling sampling) {
    int[] prompt = prompt(eager.config().vocabSize(), 0);
    FlexOlmoModel[] models = {eager, compiled};
    double[][] perRun = new double[2][shape.runs];
    for (int run = -1; run < shape.runs; run++) { // run -1 warms both up
      for (int m = 0; m < 2; m++) {
        FlexOlmoModel model = models[m];
        long start = System.nanoTime();
        Generator.generate(model, prompt, 1, sampling, t -> false, Forward.defaults());
        long prefilled = System.nanoTime();
        Generator.generate(model, prompt, tokens, sampling, t -> false, Forward.defaults());
        long generated = System.nanoTime();
        if (run >= 0) {
          double decodeSeconds = ((generated - prefilled) - (prefilled - start)) / 1e9;
          perRun[m][run] = (tokens - 1) / Math.max(1e-9, decodeSeconds);
        }
      }
    }
    return new double[] {median(perRun[0]), median(perRun[1])};
  }

  /** Generated tokens/s of {@code sequences} sequences decoding together, eager then compiled. */
  private double[] batched(FlexOlmoModel eager, FlexOlmoModel compiled, int sequences) {
    return batched(eager, compiled, sequences, Sampling.greedy());
  }

  private double[] batched(
      FlexOlmoModel eager, FlexOlmoModel compiled, int sequences, Sampling sampling) {
    FlexOlmoModel[] models = {eager, compiled};
    double[][] perRun = new double[2][shape.runs];
    for (int run = -1; run < shape.runs; run++) {
      for (int m = 0; m < 2; m++) {
        try (BatchedGenerator batch = new BatchedGenerator(models[m], sequences, 0)) {
          for (int s = 0; s < sequences; s++) {
            batch.add(prompt(eager.config().vocabSize(), s), tokens, sampling, t -> false, null);
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
    return new double[] {median(perRun[0]), median(perRun[1])};
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
