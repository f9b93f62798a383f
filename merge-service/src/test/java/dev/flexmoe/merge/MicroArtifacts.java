package dev.flexmoe.merge;

import java.nio.file.Path;
import java.util.List;

/** The micro public model and the experts the merge tests upload, trained once per build. */
final class MicroArtifacts {

  private static final dev.flexmoe.platformtestkit.MicroArtifacts ARTIFACTS =
      new dev.flexmoe.platformtestkit.MicroArtifacts(
          Path.of("target/micro-artifacts"),
          List.of(
              new dev.flexmoe.platformtestkit.MicroArtifacts.Expert("news", "alice"),
              new dev.flexmoe.platformtestkit.MicroArtifacts.Expert("educational", "bob"),
              new dev.flexmoe.platformtestkit.MicroArtifacts.Expert("news", "carol"),
              new dev.flexmoe.platformtestkit.MicroArtifacts.Expert("code", "carol"),
              new dev.flexmoe.platformtestkit.MicroArtifacts.Expert("news", "dave")),
          40);

  private MicroArtifacts() {}

  /** The public model's checkpoint directory, with every expert trained. */
  static Path publicModel() {
    return ARTIFACTS.publicModel();
  }

  /** A trained expert of the list. */
  static Path expert(String domain, String owner) {
    return ARTIFACTS.expert(domain, owner);
  }
}
