package dev.flexmoe.cli;

import dev.flexmoe.model.generate.Sampling;
import dev.flexmoe.model.workflow.GenerateText;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code flexmoe generate}: continues a prompt; the same seed gives the same text. */
@Command(
    name = "generate",
    description = "Continue a prompt with a model and print the continuation.")
final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Checkpoint.")
  Path model;

  @Option(
      names = "--prompt",
      required = true,
      paramLabel = "TEXT",
      description = "Text to continue.")
  String prompt;

  @Option(
      names = "--max-tokens",
      paramLabel = "N",
      description = "Tokens to generate at most (default: ${DEFAULT-VALUE}).")
  int maxTokens = 100;

  @Option(
      names = "--temperature",
      paramLabel = "T",
      description = "0 for the most likely token each time (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(
      names = "--top-p",
      paramLabel = "P",
      description = "Sample from the most likely tokens that reach P (default: ${DEFAULT-VALUE}).")
  double topP = 1;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the sampler (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin ExpertSelection selection;

  @Override
  public Integer call() {
    if (maxTokens <= 0) {
      throw new ParameterException(
          spec.commandLine(), "--max-tokens must be positive, not " + maxTokens);
    }
    selection.check();
    String text =
        GenerateText.run(
            model,
            prompt,
            maxTokens,
            new Sampling(temperature, topP, seed),
            selection.excluded,
            selection.only,
            selection.topK);
    spec.commandLine().getOut().println(text);
    return 0;
  }
}
