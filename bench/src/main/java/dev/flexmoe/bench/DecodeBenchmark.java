package dev.flexmoe.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.generate.BatchedGenerator;
import dev.flexmoe.model.generate.Generator;
import dev.flexmoe.model.generate.Sampling;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Decode throughput: one sequence through {@link Generator} (the baseline) against {@link
 * BatchedGenerator} with 1, 4 and 16 sequences decoding together, for the dense model and for 8
 * merged experts at k = 2. Every figure is tokens per second of generated tokens, prefill excluded,
 * median of the runs.
 */
@Command(
    name = "decode-benchmark",
    mixinStandardHelpOptions = true,
    description = "Single-sequence against batched decoding, tokens per second.")
public final class DecodeBenchmark implements Callable<Integer> {

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
                + " per sequence, greedy.%n%n",
            shape.preset,
            Engine.getInstance().getVersion(),
            Integer.getInteger(
                "ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()),
            promptLength,
            tokens));
    report.append("| model | sequences | decode tokens/s | vs one sequence (Generator) |\n");
    report.append("|---|---:|---:|---:|\n");
    try (NDManager manager = NDManager.newBaseManager()) {
      report.append(rows("dense", new FlexOlmoModel(ModelWeights.initialize(dense, manager, 2))));
      ModelWeights merged = ModelWeights.initialize(dense.withExperts(8, 2), manager, 4);
      report.append(
          rows("8 experts, k = 2", new FlexOlmoModel(ModelBenchmark.randomRouted(merged))));
    }
    System.out.print(report);
    return 0;
  }

  private String rows(String name, FlexOlmoModel model) {
    int[] prompt = prompt(model.config().vocabSize(), 0);
    double promptSeconds =
        Measure.medianSeconds(
            1,
            shape.runs,
            () -> Generator.generate(model, prompt, 1, Sampling.greedy(), t -> false, forward()));
    double generation =
        Measure.medianSeconds(
            1,
            shape.runs,
            () ->
                Generator.generate(
                    model, prompt, tokens, Sampling.greedy(), t -> false, forward()));
    double single = (tokens - 1) / Math.max(1e-9, generation - promptSeconds);
    StringBuilder rows = new StringBuilder();
    rows.append(
        String.format(Locale.ROOT, "| %s | 1 (Generator) | %.1f | 1.00x |%n", name, single));
    for (int sequences : batches) {
      double batched = batchedTokensPerSecond(model, sequences);
      rows.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.1f | %.2fx |%n",
              name,
              sequences,
              batched,
              batched / single));
    }
    return rows.toString();
  }

  /** Generated tokens per second of {@code sequences} sequences decoding together, steps only. */
  private double batchedTokensPerSecond(FlexOlmoModel model, int sequences) {
    double[] perRun = new double[shape.runs + 1];
    for (int run = 0; run <= shape.runs; run++) {
      try (BatchedGenerator batch = new BatchedGenerator(model, sequences, 0)) {
        for (int s = 0; s < sequences; s++) {
          batch.add(
              prompt(model.config().vocabSize(), s), tokens, Sampling.greedy(), t -> false, null);
        }
        long start = System.nanoTime();
        int steps = 0;
        while (batch.running() > 0) {
          batch.step();
          steps++;
        }
        perRun[run] = (double) steps * sequences / ((System.nanoTime() - start) / 1e9);
      }
    }
    double[] measured = Arrays.copyOfRange(perRun, 1, perRun.length); // run 0 warms up
    Arrays.sort(measured);
    return measured[measured.length / 2];
  }

  private static Forward forward() {
    return Forward.defaults();
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
