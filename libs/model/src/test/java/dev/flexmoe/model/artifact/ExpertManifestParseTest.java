package dev.flexmoe.model.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@code expert.json} from untrusted bytes: every refusal names the field that is wrong. */
class ExpertManifestParseTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHA = "ab".repeat(32);

  private static ExpertManifest valid() {
    return new ExpertManifest(
        ExpertManifest.FORMAT_VERSION,
        SHA,
        "news",
        "owner-1",
        new ExpertManifest.Shape(64, 160, 2),
        false,
        Map.of("documents", 10L),
        Map.of("steps", 80.0),
        Map.of(),
        SHA,
        "2026-11-29T00:00:00Z");
  }

  private static byte[] edited(Consumer<ObjectNode> edit) throws Exception {
    ObjectNode node = JSON.valueToTree(valid());
    edit.accept(node);
    return JSON.writeValueAsBytes(node);
  }

  private static void assertField(byte[] json, String field) {
    assertThatThrownBy(() -> ExpertManifest.parse(json))
        .isInstanceOf(InvalidManifestException.class)
        .satisfies(e -> assertThat(((InvalidManifestException) e).field()).isEqualTo(field));
  }

  @Test
  void aDraftBecomesAManifestOnceItsTensorsAreWritten() {
    ExpertManifest.Draft draft =
        new ExpertManifest.Draft(
            SHA,
            "news",
            "owner-1",
            new ExpertManifest.Shape(64, 160, 2),
            Map.of("documents", 10L),
            Map.of("steps", 80.0),
            Map.of());

    assertThat(draft.complete(false, SHA, Instant.parse("2026-11-29T00:00:00.750Z")))
        .isEqualTo(valid());
  }

  @Test
  void aDraftIsCheckedWhenItIsMade() {
    assertThatThrownBy(
            () ->
                new ExpertManifest.Draft(
                    SHA,
                    "../news",
                    null,
                    new ExpertManifest.Shape(64, 160, 2),
                    Map.of(),
                    Map.of(),
                    Map.of()))
        .isInstanceOf(InvalidManifestException.class)
        .satisfies(e -> assertThat(((InvalidManifestException) e).field()).isEqualTo("domain"));
  }

  @Test
  void aValidManifestRoundTrips() throws Exception {
    assertThat(ExpertManifest.parse(JSON.writeValueAsBytes(valid()))).isEqualTo(valid());
  }

  @Test
  void eachKindOfMistakeNamesItsField() throws Exception {
    assertField(edited(node -> node.remove("domain")), "domain");
    assertField(edited(node -> node.remove("routerBias")), "routerBias");
    assertField(edited(node -> node.put("trainingData", "all of it")), "trainingData");
    assertField(edited(node -> node.put("anchorDigest", "not-a-digest")), "anchorDigest");
    assertField(edited(node -> node.put("formatVersion", 2)), "formatVersion");
    assertField(edited(node -> node.put("owner", "../../etc")), "owner");
    assertField(
        edited(node -> ((ObjectNode) node.get("model")).put("hiddenSize", "wide")),
        "model.hiddenSize");
    assertField(
        edited(node -> ((ObjectNode) node.get("training")).put("loss", "NaN")), "training.loss");
    assertField("{\"domain\": ".getBytes(StandardCharsets.UTF_8), "");
    assertField("[1, 2]".getBytes(StandardCharsets.UTF_8), "");
    assertField("null".getBytes(StandardCharsets.UTF_8), "");
  }

  @Test
  void duplicateKeysAndTrailingContentAreRefused() throws Exception {
    String json = new String(JSON.writeValueAsBytes(valid()), StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                ExpertManifest.parse(
                    json.replace("{\"formatVersion\"", "{\"domain\":\"x\",\"formatVersion\"")
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidManifestException.class);
    assertThatThrownBy(() -> ExpertManifest.parse((json + " {}").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidManifestException.class);
  }
}
