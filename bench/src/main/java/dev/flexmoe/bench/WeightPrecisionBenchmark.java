package dev.flexmoe.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.FlexOlmoConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Whether fewer bytes per weight would speed up decoding: the projections of one decode step (every
 * layer's attention and FFN matrices, then the LM head), each a separate weight as in a model so
 * that they come from memory, applied to 1 or more rows with float32 weights (the baseline) and
 * with float16 weights and activations. Reports microseconds per step and the ratio.
 */
@Command(
    name = "weight-precision-benchmark",
    mixinStandardHelpOptions = true,
    description = "Decode-step projections with float32 against float16 weights.")
public final class WeightPrecisionBenchmark implements Callable<Integer> {

  @Mixin ModelShape shape;

  @Option(
      names = "--rows",
      split = ",",
      description = "Rows (sequences) per projection (default: ${DEFAULT-VALUE}).")
  int[] rows = {1, 16};

  @Option(
      names = "--steps",
      description = "Decode steps per measured run (default: ${DEFAULT-VALUE}).")
  int steps = 50;

  /** One kind of projection in a step: its shape and how many distinct weights a step reads. */
  private record Projection(String name, int out, int in, int count) {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new WeightPrecisionBenchmark()).execute(args));
  }

  @Override
  public Integer call() {
    FlexOlmoConfig config = shape.dense();
    int d = config.hiddenSize();
    int layers = config.numHiddenLayers();
    List<Projection> projections =
        List.of(
            new Projection("attention q/k/v/o", d, d, 4 * layers),
            new Projection("FFN gate/up", config.intermediateSize(), d, 2 * layers),
            new Projection("FFN down", d, config.intermediateSize(), layers),
            new Projection("LM head", config.vocabSize(), d, 1));
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "Preset %s, %s; microseconds per decode step, median of %d runs of %d steps.%n%n",
            shape.preset,
            Measure.runtime(),
            shape.runs,
            steps));
    report.append("| rows | projection | float32 µs | float16 µs | float32 / float16 |\n");
    report.append("|---:|---|---:|---:|---:|\n");
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int rowCount : rows) {
        double total32 = 0;
        double total16 = 0;
        for (Projection projection : projections) {
          double us32 = microsPerStep(manager, projection, rowCount, DataType.FLOAT32);
          double us16 = microsPerStep(manager, projection, rowCount, DataType.FLOAT16);
          total32 += us32;
          total16 += us16;
          report.append(line(rowCount, projection.name(), us32, us16));
        }
        report.append(line(rowCount, "**all projections**", total32, total16));
      }
    }
    System.out.print(report);
    return 0;
  }

  private static String line(int rows, String name, double us32, double us16) {
    return String.format(
        Locale.ROOT, "| %d | %s | %.1f | %.1f | %.2fx |%n", rows, name, us32, us16, us32 / us16);
  }

  /** The microseconds a step spends on one kind of projection, each weight read once. */
  private double microsPerStep(
      NDManager parent, Projection projection, int rowCount, DataType type) {
    try (NDManager manager = parent.newSubManager()) {
      List<NDArray> weights = new ArrayList<>();
      for (int i = 0; i < projection.count(); i++) {
        weights.add(
            manager
                .randomNormal(
                    0, 0.02f, new Shape(projection.out(), projection.in()), DataType.FLOAT32)
                .toType(type, false));
      }
      NDArray input =
          manager.randomNormal(new Shape(rowCount, projection.in())).toType(type, false);
      double seconds =
          Measure.medianSeconds(
              1,
              shape.runs,
              () -> {
                for (int step = 0; step < steps; step++) {
                  for (NDArray weight : weights) {
                    try (NDArray out =
                        input.getNDArrayInternal().linear(input, weight, null).singletonOrThrow()) {
                      // freed at once, as a decode step frees its activations
                    }
                  }
                }
              });
      return seconds * 1e6 / steps;
    }
  }
}
