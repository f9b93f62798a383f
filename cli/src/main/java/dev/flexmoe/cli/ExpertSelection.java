package dev.flexmoe.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Which experts of a merged model serve: the opt-out of FlexOlmo, per invocation. */
final class ExpertSelection {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--exclude",
      split = ",",
      paramLabel = "EXPERT",
      description = "Experts to switch off, by name or router row (comma-separated).")
  List<String> excluded = List.of();

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "EXPERT",
      description = "The only experts to keep besides the public one (comma-separated).")
  List<String> only = List.of();

  @Option(
      names = "--top-k",
      paramLabel = "K",
      description = "Experts per token (default: the model's own).")
  int topK;

  void check() {
    if (!excluded.isEmpty() && !only.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--exclude and --only do not go together; choose one");
    }
    if (topK < 0) {
      throw new ParameterException(spec.commandLine(), "--top-k must be positive, not " + topK);
    }
  }
}
