package dev.flexmoe.model.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.nn.GoldenFixtures;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our merge against the reference's merged checkpoint (see {@link GoldenFixtures}), whose shared
 * tensors, expert 0 and router row 0 are the dense checkpoint's. Its other three experts, taken out
 * as the artifacts their owners would upload, merged into the dense checkpoint by {@link Merger}
 * must give that checkpoint exactly, and so transformers' outputs.
 */
class MergerReferenceTest {
  private static final int TOP_K = 2;

  private final NDManager manager = NDManager.newBaseManager();
  private ModelWeights reference;
  private ModelWeights ours;

  @BeforeEach
  void mergeTheDenseCheckpointWithTheReferenceExperts() {
    ModelWeights dense = HfCheckpoint.read(GoldenFixtures.checkpoint("dense"), manager);
    reference = HfCheckpoint.read(GoldenFixtures.checkpoint("merged"), manager);
    List<Integer> owners = IntStream.range(1, reference.config().numExperts()).boxed().toList();
    List<ExpertWeights> experts = owners.stream().map(this::artifactOf).toList();
    List<String> names = owners.stream().map(expert -> "expert " + expert).toList();

    ours = Merger.merge(dense, experts, names, TOP_K, false, manager);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void mergedConfigIsTheReferences() {
    assertThat(ours.config()).isEqualTo(reference.config());
    assertThat(ours.config().numExperts()).isEqualTo(4);
    assertThat(ours.config().numExpertsPerTok()).isEqualTo(TOP_K);
  }

  @Test
  void mergedTensorsAreTheReferencesBitForBit() {
    BitExact.assertSameWeights(ours, reference);
  }

  @Test
  void mergedModelGivesTheReferenceOutputs() {
    GoldenFixtures.assertOutputsMatch(
        new FlexOlmoModel(ours),
        GoldenFixtures.referenceCase("merged"),
        Forward.defaults(),
        manager);
  }

  /** Expert {@code expert} of the reference's merged checkpoint, laid out as an upload. */
  private ExpertWeights artifactOf(int expert) {
    ExpertWeights artifact = ExpertWeights.empty(manager);
    for (int layer = 0; layer < reference.config().numHiddenLayers(); layer++) {
      for (String projection : TensorNames.PROJECTIONS) {
        artifact.put(
            ExpertLayout.projection(layer, projection),
            reference.get(TensorNames.expert(layer, expert, projection)).duplicate());
      }
      NDArray router = reference.get(TensorNames.router(layer));
      artifact.put(
          ExpertLayout.routerRow(layer), router.get(new NDIndex("{}:{}", expert, expert + 1)));
    }
    return artifact;
  }
}
