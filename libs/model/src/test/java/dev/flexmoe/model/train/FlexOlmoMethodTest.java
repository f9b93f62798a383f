package dev.flexmoe.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.ExpertWeights;
import dev.flexmoe.model.artifact.Merger;
import dev.flexmoe.model.eval.BitsPerByte;
import dev.flexmoe.model.eval.EncodedDocument;
import dev.flexmoe.model.nn.ExpertMask;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The method on two clearly different synthetic domains: each expert, trained alone against the
 * frozen public model, beats the public model on its own domain, and the merged model (never
 * trained as a whole) is about as good as each expert on that expert's domain.
 *
 * <p>Synthetic documents are token sequences, so "bits per byte" here counts one byte per token.
 */
class FlexOlmoMethodTest {

  private static final int CONTEXT = 32;
  private static final TrainingSettings EXPERT =
      new TrainingSettings(80, 8, 3e-3, 3e-4, 5, 1.0, 1e-3, 2, 0);

  private static NDManager manager;
  private static ModelWeights publicWeights;
  private static ModelWeights[] experts = new ModelWeights[2];
  private static List<EncodedDocument>[] heldOut;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void trainEverything() {
    manager = NDManager.newBaseManager();
    publicWeights = SyntheticDomains.pretrainedPublicModel(manager);
    FlexOlmoModel publicModel = new FlexOlmoModel(publicWeights);

    heldOut = new List[2];
    for (int domain = 0; domain < 2; domain++) {
      int[] stream = SyntheticDomains.domain(domain, 20_000, 30 + domain);
      float[] embedding =
          DomainEmbedding.compute(publicModel, SyntheticDomains.documents(stream, CONTEXT), 4);
      experts[domain] = ExpertTraining.coordinatedModel(publicWeights, embedding);
      try (TrainingRun run =
          new TrainingRun(
              new FlexOlmoModel(experts[domain]),
              ExpertTraining.trainables(experts[domain]),
              new TokenWindows(stream, CONTEXT),
              EXPERT,
              Forward.defaults())) {
        run.run(EXPERT.steps(), progress -> {});
      }
      heldOut[domain] =
          SyntheticDomains.documents(SyntheticDomains.domain(domain, 2_000, 40 + domain), CONTEXT)
              .stream()
              .map(tokens -> new EncodedDocument(tokens, tokens.length))
              .toList();
    }
  }

  @AfterAll
  static void free() {
    manager.close();
  }

  private static double bits(ModelWeights weights, int domain, Forward forward) {
    return BitsPerByte.evaluate(new FlexOlmoModel(weights), heldOut[domain], 0, forward)
        .bitsPerByte();
  }

  private static ModelWeights merged(boolean keepBias) {
    List<ExpertWeights> parts =
        List.of(
            ExpertWeights.fromTrainedModel(experts[0]), ExpertWeights.fromTrainedModel(experts[1]));
    return Merger.merge(publicWeights, parts, List.of("a", "b"), 2, keepBias, manager);
  }

  @Test
  void eachExpertBeatsThePublicModelOnItsOwnDomain() {
    for (int domain = 0; domain < 2; domain++) {
      double publicBits = bits(publicWeights, domain, Forward.defaults());
      double expertBits = bits(experts[domain], domain, Forward.defaults());

      assertThat(expertBits).as("domain %d", domain).isLessThan(publicBits * 0.9);
    }
  }

  @Test
  void theMergedModelIsAboutAsGoodAsEachExpertOnItsDomain() {
    ModelWeights merged = merged(false);
    for (int domain = 0; domain < 2; domain++) {
      double expertBits = bits(experts[domain], domain, Forward.defaults());
      double publicBits = bits(publicWeights, domain, Forward.defaults());
      double mergedBits = bits(merged, domain, Forward.defaults());

      assertThat(mergedBits).as("domain %d", domain).isLessThan(expertBits * 1.1);
      assertThat(mergedBits).as("domain %d", domain).isLessThan(publicBits);
    }
  }

  @Test
  void routerTuningChangesOnlyTheRouterRows() {
    ModelWeights merged = merged(false);
    java.util.Map<String, float[]> before = new java.util.HashMap<>();
    merged.tensors().forEach((name, tensor) -> before.put(name, tensor.toFloatArray()));
    int[] proxy = SyntheticDomains.publicStream(5_000, 50);

    try (TrainingRun run =
        new TrainingRun(
            new FlexOlmoModel(merged),
            RouterTuning.trainables(merged),
            new TokenWindows(proxy, CONTEXT),
            new TrainingSettings(10, 8, 1e-2, 1e-3, 2, 1.0, 1e-3, 3, 0),
            Forward.defaults())) {
      run.run(10, progress -> {});
    }

    merged
        .tensors()
        .forEach(
            (name, tensor) -> {
              if (name.endsWith("mlp.gate.weight")) {
                assertThat(tensor.toFloatArray()).as(name).isNotEqualTo(before.get(name));
              } else {
                assertThat(tensor.toFloatArray()).as(name).isEqualTo(before.get(name));
              }
            });
  }

  @Test
  void optingAnExpertOutMovesItsDomainBackTowardThePublicModel() {
    ModelWeights merged = merged(false);
    for (int domain = 0; domain < 2; domain++) {
      int expertRow = domain + 1;
      double full = bits(merged, domain, Forward.defaults());
      double without =
          bits(
              merged,
              domain,
              Forward.defaults().withMask(ExpertMask.excluding(3, List.of(expertRow))));

      assertThat(without).as("domain %d without its expert", domain).isGreaterThan(full * 1.05);
    }
  }
}
