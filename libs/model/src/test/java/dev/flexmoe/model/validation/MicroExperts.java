package dev.flexmoe.model.validation;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertManifest;
import dev.flexmoe.model.artifact.ExpertWeights;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.eval.BitsPerByte;
import dev.flexmoe.model.eval.EncodedDocument;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.train.DomainEmbedding;
import dev.flexmoe.model.train.ExpertTraining;
import dev.flexmoe.model.train.SyntheticDomains;
import dev.flexmoe.model.train.TokenWindows;
import dev.flexmoe.model.train.TrainingRun;
import dev.flexmoe.model.train.TrainingSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The micro public model of the synthetic domains written as a checkpoint, and experts trained
 * against it on the synthetic domains as a data owner would (a few seconds in all). Synthetic
 * documents are token sequences, so a "byte" here is a token.
 */
final class MicroExperts {

  private static final int CONTEXT = 32;

  final ModelWeights publicWeights;
  final Path publicDir;
  final AnchorModel anchor;
  final ProbeText probe;
  private final FlexOlmoModel publicModel;
  private final Path root;

  MicroExperts(NDManager manager, Path root) {
    this.root = root;
    publicWeights = SyntheticDomains.pretrainedPublicModel(manager);
    publicModel = new FlexOlmoModel(publicWeights);
    publicDir = root.resolve("public");
    HfCheckpoint.write(publicWeights, null, publicDir);
    anchor = new AnchorModel(publicWeights, HfCheckpoint.digest(publicDir));
    probe = new ProbeText(documents(SyntheticDomains.publicStream(2_048, 60)), 0);
  }

  /**
   * Trains an expert for {@code steps} on synthetic domain {@code domain} and writes its artifact,
   * with the held-out bits per byte of the expert and of the public model in its manifest.
   */
  Path trainExpert(int domain, String name, int steps) {
    TrainingSettings settings = new TrainingSettings(steps, 8, 3e-3, 3e-4, 5, 1.0, 1e-3, 2, 0);
    int[] stream = SyntheticDomains.domain(domain, 20_000, 30 + domain);
    float[] embedding =
        DomainEmbedding.compute(publicModel, SyntheticDomains.documents(stream, CONTEXT), 4);
    try (ModelWeights trained = ExpertTraining.coordinatedModel(publicWeights, embedding)) {
      FlexOlmoModel expertModel = new FlexOlmoModel(trained);
      try (TrainingRun run =
          new TrainingRun(
              expertModel,
              ExpertTraining.trainables(trained),
              new TokenWindows(stream, CONTEXT),
              settings,
              Forward.defaults())) {
        run.run(steps, progress -> {});
      }
      List<EncodedDocument> heldOut =
          documents(SyntheticDomains.domain(domain, 2_048, 40 + domain));
      FlexOlmoConfig config = publicWeights.config();
      ExpertManifest.Draft draft =
          new ExpertManifest.Draft(
              anchor.digest(),
              name,
              "owner-" + name,
              ExpertManifest.Shape.of(config),
              Map.of("documents", (long) stream.length / CONTEXT, "tokens", (long) stream.length),
              Map.of("steps", (double) steps),
              Map.of(
                  ExpertManifest.VALIDATION_BITS_PER_BYTE,
                  bitsPerByte(expertModel, heldOut),
                  ExpertManifest.PUBLIC_VALIDATION_BITS_PER_BYTE,
                  bitsPerByte(publicModel, heldOut)));
      try (ExpertWeights expert = ExpertWeights.fromTrainedModel(trained)) {
        return ExpertArtifact.write(expert, draft, root.resolve(name)).dir();
      }
    }
  }

  private static double bitsPerByte(FlexOlmoModel model, List<EncodedDocument> documents) {
    return BitsPerByte.evaluate(model, documents, 0, Forward.defaults()).bitsPerByte();
  }

  private static List<EncodedDocument> documents(int[] stream) {
    return SyntheticDomains.documents(stream, CONTEXT).stream()
        .map(tokens -> new EncodedDocument(tokens, tokens.length))
        .toList();
  }
}
