package dev.flexmoe.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.HfCheckpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder against an implementation we did not write: Hugging Face transformers'
 * FlexOlmoForCausalLM. {@code src/test/reference/make_golden.py} (which names the versions it ran
 * with) made two small random checkpoints, a dense one and one merged with three experts (k = 2),
 * ran transformers on a few token sequences and wrote its logits and per-layer routing to {@code
 * golden/expected.json} (see {@link GoldenFixtures}). The cases: dense, merged, merged with expert
 * 2 switched off (the reference ran a model built without it), and merged with {@code
 * norm_topk_prob} on.
 */
class ReferenceModelTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Keys of transformers' config.json that our config has no field for. */
  private static final Set<String> NOT_MODELLED =
      Set.of(
          "transformers_version", // who wrote the file
          "router_aux_loss_coef"); // a training-loss weight; we write 0 (no load-balancing loss)

  private final NDManager manager = NDManager.newBaseManager();

  @AfterEach
  void close() {
    manager.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dense", "merged", "masked", "renormalized"})
  void logitsAndRoutingEqualTheReference(String name) throws IOException {
    JsonNode reference = GoldenFixtures.referenceCase(name);
    ModelWeights weights = weights(reference);
    FlexOlmoConfig config = weights.config();
    List<Integer> excluded = GoldenFixtures.ints(reference.get("exclude"));
    Forward options =
        Forward.defaults()
            .withMask(
                excluded.isEmpty() ? null : ExpertMask.excluding(config.numExperts(), excluded));

    GoldenFixtures.assertOutputsMatch(new FlexOlmoModel(weights), reference, options, manager);
  }

  /**
   * Every key transformers wrote into config.json (and so reads back) has the same value in the
   * config.json we write: the field names and their meaning agree in both directions.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dense", "merged"})
  void ourConfigJsonSaysWhatTransformersWrote(String checkpoint) throws IOException {
    Path file = GoldenFixtures.checkpoint(checkpoint).resolve(HfCheckpoint.CONFIG);
    JsonNode theirs = JSON.readTree(file.toFile());

    ObjectNode ours = FlexOlmoConfig.read(file).toJson();

    theirs
        .fieldNames()
        .forEachRemaining(
            key -> {
              if (!NOT_MODELLED.contains(key)) {
                assertThat(ours.get(key)).as(key).isEqualTo(theirs.get(key));
              }
            });
  }

  /** The case's checkpoint, with the case's norm_topk_prob where it sets one. */
  private ModelWeights weights(JsonNode reference) throws IOException {
    Path dir = GoldenFixtures.checkpoint(reference.get("checkpoint").asText());
    ModelWeights stored = HfCheckpoint.read(dir, manager);
    if (!reference.has("norm_topk_prob")) {
      return stored;
    }
    ObjectNode json = (ObjectNode) JSON.readTree(dir.resolve(HfCheckpoint.CONFIG).toFile());
    json.set("norm_topk_prob", reference.get("norm_topk_prob"));
    ModelWeights changed = ModelWeights.empty(FlexOlmoConfig.fromJson(json), manager);
    stored.tensors().forEach((tensor, values) -> changed.put(tensor, values.duplicate()));
    return changed;
  }
}
