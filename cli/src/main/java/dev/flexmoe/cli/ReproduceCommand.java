package dev.flexmoe.cli;

import dev.flexmoe.model.nn.Precision;
import dev.flexmoe.reproduce.Reproduction;
import dev.flexmoe.reproduce.ReproductionReport;
import dev.flexmoe.reproduce.Scale;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flexmoe reproduce}: the paper's comparison on FlexMix-lite, end to end. */
@Command(
    name = "reproduce",
    description = {
      "Reproduce the FlexOlmo comparison on FlexMix-lite: tokenizer, public model, one expert per"
          + " domain, dense baselines, merges, and every system scored on every domain. Finished"
          + " steps are reused, so an interrupted run continues where it stopped."
    })
final class ReproduceCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--scale",
      paramLabel = "SCALE",
      description =
          "micro (minutes; checks the pipeline), tiny (about an hour on 2 cores), small (a GPU) (default: ${DEFAULT-VALUE}).")
  String scale = "micro";

  @Option(
      names = "--precision",
      paramLabel = "FORMAT",
      description =
          "Number format of the training runs' products: ${COMPLETION-CANDIDATES} (default:"
              + " ${DEFAULT-VALUE}). BFLOAT16 trains in mixed precision, about twice as fast on CPUs"
              + " with native bfloat16; evaluation stays float32.")
  Precision precision = Precision.FLOAT32;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "FlexMix-lite directory (default: ${DEFAULT-VALUE}).")
  Path data = Path.of("data/flexmix-lite-sample");

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description =
          "Where models and scores are kept between runs (default: .flexmoe/reproduce-SCALE).")
  Path work;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Where the tables, charts and README go (default: results-SCALE, results-SCALE-bfloat16"
              + " with --precision bfloat16).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Scale chosen = Scale.named(scale).withPrecision(precision);
    Path workDir = work != null ? work : Path.of(".flexmoe", "reproduce-" + chosen.name());
    String variant =
        precision == Precision.FLOAT32 ? "" : "-" + precision.name().toLowerCase(Locale.ROOT);
    Path outDir = out != null ? out : Path.of("results-" + chosen.name() + variant);
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    long start = System.nanoTime();
    String revision = ReproductionReport.revision();
    Reproduction.Outcome outcome =
        new Reproduction(
                chosen,
                data,
                workDir,
                line -> {
                  err.printf(Locale.ROOT, "[%5.0fs] %s%n", (System.nanoTime() - start) / 1e9, line);
                  err.flush();
                })
            .run();
    String command =
        String.format(
            "cli/bin/flexmoe reproduce --scale %s%s --data %s --work %s --out %s",
            chosen.name(),
            variant.isEmpty() ? "" : " --precision " + variant.substring(1),
            data,
            workDir,
            outDir);
    Path readme =
        ReproductionReport.write(
            outcome, chosen, command, revision, (System.nanoTime() - start) / 1e9, outDir);
    stdout.printf("results: %s%n", readme);
    return 0;
  }
}
