package dev.flexmoe.model.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.model.FlexOlmoConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * What {@code src/test/reference/make_golden.py} wrote under {@code golden/}: the dense and merged
 * checkpoints, and in {@code expected.json} the token sequences and, per case, transformers' logits
 * and per-layer routing. Also the comparison of one of our models with a case.
 */
public final class GoldenFixtures {

  /** The largest difference allowed between our logits or routing weights and the reference's. */
  public static final float TOLERANCE = 1e-4f;

  private static final Path DIR = resource("/golden");
  private static final JsonNode EXPECTED = readJson(DIR.resolve("expected.json"));

  private GoldenFixtures() {}

  /** A checkpoint directory: {@code dense} or {@code merged}. */
  public static Path checkpoint(String name) {
    return DIR.resolve(name);
  }

  /** A case of expected.json: its checkpoint, excluded experts, settings and outputs. */
  public static JsonNode referenceCase(String name) {
    return StreamSupport.stream(EXPECTED.get("cases").spliterator(), false)
        .filter(node -> node.get("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("expected.json has no case " + name));
  }

  /**
   * Runs {@code model} on every golden sequence with {@code options} and asserts that its logits
   * and each layer's routing (chosen experts and their weights) are the reference case's.
   */
  public static void assertOutputsMatch(
      FlexOlmoModel model, JsonNode reference, Forward options, NDManager manager) {
    FlexOlmoConfig config = model.config();
    String name = reference.get("name").asText();
    JsonNode sequences = EXPECTED.get("sequences");
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

  public static List<Integer> ints(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asInt).toList();
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

  private static long[] longs(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).mapToLong(JsonNode::asLong).toArray();
  }

  private static Path resource(String name) {
    try {
      return Path.of(GoldenFixtures.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the test resource " + name + " has no file path", e);
    }
  }

  private static JsonNode readJson(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
