package dev.flexmoe.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.HfCheckpoint;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder against an implementation we did not write: Hugging Face transformers'
 * FlexOlmoForCausalLM. {@code src/test/reference/make_golden.py} (which names the versions it ran
 * with) made two small random checkpoints, a dense one and one merged with three experts (k = 2),
 * ran transformers on a few token sequences and wrote its logits and per-layer routing to {@code
 * golden/expected.json}. The cases: dense, merged, merged with expert 2 switched off (the reference
 * ran a model built without it), and merged with {@code norm_topk_prob} on.
 */
class ReferenceModelTest {

  private static final float TOLERANCE = 1e-4f;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Keys of transformers' config.json that our config has no field for. */
  private static final Set<String> NOT_MODELLED =
      Set.of(
          "transformers_version", // who wrote the file
          "router_aux_loss_coef"); // a training-loss weight; we write 0 (no load-balancing loss)

  private static Path golden;
  private static JsonNode expected;
  private final NDManager manager = NDManager.newBaseManager();

  @BeforeAll
  static void readFixtures() throws IOException, URISyntaxException {
    golden = Path.of(ReferenceModelTest.class.getResource("/golden").toURI());
    expected = JSON.readTree(golden.resolve("expected.json").toFile());
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dense", "merged", "masked", "renormalized"})
  void logitsAndRoutingEqualTheReference(String name) throws IOException {
    JsonNode reference = referenceCase(name);
    ModelWeights weights = weights(reference);
    FlexOlmoConfig config = weights.config();
    FlexOlmoModel model = new FlexOlmoModel(weights);
    List<Integer> excluded = ints(reference.get("exclude"));
    Forward options =
        Forward.defaults()
            .withMask(
                excluded.isEmpty() ? null : ExpertMask.excluding(config.numExperts(), excluded));

    JsonNode sequences = expected.get("sequences");
    for (int s = 0; s < sequences.size(); s++) {
      String where = name + ", sequence " + s;
      long[] ids = longs(sequences.get(s));
      RoutingTrace trace =
          RoutingTrace.keepingChoices(config.numHiddenLayers(), config.numExperts());
      NDArray tokens = manager.create(ids, new Shape(1, ids.length));

      float[] logits = model.forward(tokens, options.withTrace(trace)).logits().toFloatArray();

      JsonNode wanted = reference.get("sequences").get(s);
      assertThat(maxAbsDifference(logits, floats(wanted.get("logits"))))
          .as("%s: largest |logit - reference logit|", where)
          .isLessThanOrEqualTo(TOLERANCE);
      for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
        assertRouting(
            trace.choices(layer), wanted.get("routing").get(layer), where + ", layer " + layer);
      }
    }
  }

  private static void assertRouting(List<RoutingTrace.Choice> ours, JsonNode theirs, String where) {
    assertThat(ours).as("%s: routed tokens", where).hasSize(theirs.size());
    for (int token = 0; token < ours.size(); token++) {
      RoutingTrace.Choice choice = ours.get(token);
      JsonNode reference = theirs.get(token);
      assertThat(choice.experts())
          .as("%s, token %d: chosen experts", where, token)
          .containsExactly(ints(reference.get("experts")).stream().mapToInt(i -> i).toArray());
      assertThat(maxAbsDifference(choice.weights(), floats(reference.get("weights"))))
          .as("%s, token %d: largest |routing weight - reference weight|", where, token)
          .isLessThanOrEqualTo(TOLERANCE);
    }
  }

  /**
   * Every key transformers wrote into config.json (and so reads back) has the same value in the
   * config.json we write: the field names and their meaning agree in both directions.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"dense", "merged"})
  void ourConfigJsonSaysWhatTransformersWrote(String checkpoint) throws IOException {
    Path file = golden.resolve(checkpoint).resolve(HfCheckpoint.CONFIG);
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

  private static JsonNode referenceCase(String name) {
    return StreamSupport.stream(expected.get("cases").spliterator(), false)
        .filter(node -> node.get("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("expected.json has no case " + name));
  }

  /** The case's checkpoint, with the case's norm_topk_prob where it sets one. */
  private ModelWeights weights(JsonNode reference) throws IOException {
    Path dir = golden.resolve(reference.get("checkpoint").asText());
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

  private static float maxAbsDifference(float[] ours, float[] theirs) {
    assertThat(ours).hasSameSizeAs(theirs);
    float max = 0;
    for (int i = 0; i < ours.length; i++) {
      max = Math.max(max, Math.abs(ours[i] - theirs[i]));
    }
    return max;
  }

  /** All numbers of a nested JSON array, depth first. */
  private static float[] floats(JsonNode array) {
    List<Float> values = new ArrayList<>();
    collect(array, values);
    float[] result = new float[values.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = values.get(i);
    }
    return result;
  }

  private static void collect(JsonNode node, List<Float> values) {
    if (node.isArray()) {
      node.forEach(child -> collect(child, values));
    } else {
      values.add(node.floatValue());
    }
  }

  private static List<Integer> ints(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asInt).toList();
  }

  private static long[] longs(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).mapToLong(JsonNode::asLong).toArray();
  }
}
