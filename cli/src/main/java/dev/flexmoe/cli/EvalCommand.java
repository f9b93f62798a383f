package dev.flexmoe.cli;

import dev.flexmoe.model.eval.BitsPerByte;
import dev.flexmoe.model.nn.RoutingTrace;
import dev.flexmoe.model.workflow.EvaluateModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flexmoe eval}: bits per byte of a model on a text set, and where its router sends it. */
@Command(
    name = "eval",
    description = {
      "Score a model on a text set: bits per byte (comparable across tokenizers) and the share of"
          + " tokens each expert serves, layer by layer."
    })
final class EvalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Checkpoint.")
  Path model;

  @Option(names = "--corpus", required = true, paramLabel = "PATH", description = "Text to score.")
  Path corpus;

  @Mixin ExpertSelection selection;

  @Option(
      names = "--no-router-bias",
      description = "Ignore a router bias kept at merge (see 'flexmoe merge --keep-bias').")
  boolean noRouterBias;

  @Override
  public Integer call() {
    selection.check();
    EvaluateModel.Result result =
        EvaluateModel.run(
            model, corpus, selection.excluded, selection.only, selection.topK, !noRouterBias);
    BitsPerByte.Result bits = result.bits();
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(Locale.ROOT, "bits/byte  %.4f%n", bits.bitsPerByte());
    stdout.printf("tokens     %d%n", bits.tokens());
    stdout.printf("bytes      %d%n", bits.bytes());
    stdout.println();
    stdout.println("routing: % of tokens for which an expert is among the top-k, per layer");
    routingTable(result.routing(), result.experts()).print(stdout, 2);
    return 0;
  }

  private static TextTable routingTable(RoutingTrace routing, List<String> experts) {
    String[] header = new String[routing.layers() + 1];
    header[0] = "expert";
    for (int layer = 0; layer < routing.layers(); layer++) {
      header[layer + 1] = ">layer " + layer;
    }
    TextTable table = new TextTable(header);
    for (int expert = 0; expert < routing.experts(); expert++) {
      Object[] row = new Object[routing.layers() + 1];
      row[0] = experts.get(expert);
      for (int layer = 0; layer < routing.layers(); layer++) {
        row[layer + 1] = String.format(Locale.ROOT, "%.1f", 100 * routing.share(layer, expert));
      }
      table.row(row);
    }
    return table;
  }
}
