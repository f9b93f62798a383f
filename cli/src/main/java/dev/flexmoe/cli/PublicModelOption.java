package dev.flexmoe.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --public DIR}: the public model an expert, a dense model or a merge builds on. */
final class PublicModelOption {

  @Option(
      names = "--public",
      required = true,
      paramLabel = "DIR",
      description = "The public model (from 'flexmoe train public').")
  Path dir;
}
