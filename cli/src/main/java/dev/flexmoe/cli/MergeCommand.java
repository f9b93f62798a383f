package dev.flexmoe.cli;

import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.artifact.ModelVersionManifest;
import dev.flexmoe.model.workflow.MergeModels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flexmoe merge}: the public model and expert artifacts, merged with no training. */
@Command(
    name = "merge",
    description = {
      "Merge expert artifacts onto the public model they were trained against: the experts'"
          + " feed-forward layers side by side, their router rows after the public one."
    })
final class MergeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin PublicModelOption publicModel;

  @Option(
      names = "--expert",
      required = true,
      paramLabel = "DIR",
      description = "An expert artifact; repeat for more (router rows in this order).")
  List<Path> experts;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The model's name (default: ${DEFAULT-VALUE}).")
  String name = "flexmoe";

  @Option(
      names = "--version",
      paramLabel = "N",
      description = "The model version number (default: ${DEFAULT-VALUE}).")
  long version = 1;

  @Option(
      names = "--top-k",
      paramLabel = "K",
      description = "Experts active per token (default: 2, or all if fewer).")
  Integer topK;

  @Option(
      names = "--keep-bias",
      description =
          "Keep the experts' train-time router biases (the released checkpoints drop them).")
  boolean keepBias;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Checkpoint to write.")
  Path out;

  @Override
  public Integer call() {
    Flexmoe.requireNewOutput(out);
    int k = topK == null ? Math.min(2, experts.size() + 1) : topK;
    ModelVersionManifest manifest =
        MergeModels.run(publicModel.dir, experts, name, version, k, keepBias, out);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(
        "wrote merged model %s: %s v%d, %d experts, top-%d%s%n",
        out,
        manifest.name(),
        manifest.version(),
        manifest.experts().size() + 1,
        manifest.topK(),
        manifest.routerBias() ? ", router bias kept" : "");
    stdout.printf("  digest %s%n", HfCheckpoint.digest(out));
    InspectCommand.experts(manifest).print(stdout, 2);
    return 0;
  }
}
