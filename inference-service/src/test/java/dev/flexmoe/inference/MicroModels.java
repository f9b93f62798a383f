package dev.flexmoe.inference;

import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.platformtestkit.MicroArtifacts;
import java.nio.file.Path;
import java.util.List;

/** The micro public model and the two experts the inference tests serve, trained once per build. */
final class MicroModels {

  private static final MicroArtifacts ARTIFACTS =
      new MicroArtifacts(
          Path.of("target/micro-models"),
          List.of(
              new MicroArtifacts.Expert("news", "alice"), new MicroArtifacts.Expert("code", "bob")),
          40);

  private MicroModels() {}

  static Path publicModel() {
    return ARTIFACTS.publicModel();
  }

  static ExpertArtifact expert(String domain, String owner) {
    return ExpertArtifact.open(ARTIFACTS.expert(domain, owner));
  }
}
