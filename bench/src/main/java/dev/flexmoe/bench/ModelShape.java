package dev.flexmoe.bench;

import dev.flexmoe.model.FlexOlmoConfig;
import picocli.CommandLine.Option;

/**
 * {@code --preset}, {@code --vocab} and {@code --runs}: the model and repetitions of a benchmark.
 */
final class ModelShape {

  @Option(names = "--preset", description = "Model preset (default: ${DEFAULT-VALUE}).")
  String preset = "tiny";

  @Option(names = "--vocab", description = "Vocabulary size (default: ${DEFAULT-VALUE}).")
  int vocab = 4096;

  @Option(
      names = "--runs",
      description = "Measured runs per figure, median reported (default: ${DEFAULT-VALUE}).")
  int runs = 5;

  FlexOlmoConfig dense() {
    return FlexOlmoConfig.preset(preset, vocab);
  }
}
