package dev.flexmoe.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --corpus} and {@code --out}: what a training command reads and what it writes. */
final class TrainingPaths {

  @Option(
      names = "--corpus",
      required = true,
      paramLabel = "PATH",
      description =
          "The training text: a .txt file, a .jsonl or .jsonl.gz file ({\"text\": ...} per line),"
              + " or a directory of them.")
  Path corpus;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "The directory to write; it must not exist yet.")
  Path out;
}
