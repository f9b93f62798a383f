package dev.flexmoe.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class CloudEventCodecTest {

  private static final String DIGEST = "ab".repeat(32);

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(ObjectNode event) {
    return assertThatThrownBy(() -> CloudEventCodec.decode(Samples.toBytes(event)))
        .isInstanceOf(EventFormatException.class);
  }

  private static String fieldOf(ObjectNode event) {
    try {
      CloudEventCodec.decode(Samples.toBytes(event));
      throw new AssertionError("accepted " + event);
    } catch (EventFormatException e) {
      return e.field().orElseThrow();
    }
  }

  @Test
  void roundTripKeepsEnvelopeAndPayload() {
    ExpertRejected payload =
        new ExpertRejected(
            "exp-1", DIGEST, List.of(new ExpertRejected.Reason("nan-weights", "3 NaN values")));
    CloudEvent<ExpertRejected> event =
        CloudEvent.of(
            "/flexmoe/merge-service", payload, "id-1", Instant.parse("2026-01-02T03:04:05.678Z"));

    CloudEvent<?> back = CloudEventCodec.decode(CloudEventCodec.encode(event));

    assertThat(back).isEqualTo(event);
    assertThat(back.type()).isEqualTo("dev.flexmoe.ExpertRejected.v1");
    assertThat(back.subject()).isEqualTo("exp-1");
    assertThat(back.specversion()).isEqualTo("1.0");
  }

  @Test
  void writtenJsonUsesCloudEventsAttributeNamesAndRfc3339Time() {
    CloudEvent<ExpertWithdrawn> event =
        CloudEvent.of(
            "/flexmoe/expert-registry",
            new ExpertWithdrawn("exp-1", "owner-1", null),
            "id-1",
            Instant.parse("2026-01-02T03:04:05Z"));

    String json = new String(CloudEventCodec.encode(event), StandardCharsets.UTF_8);

    assertThat(json)
        .contains("\"specversion\":\"1.0\"")
        .contains("\"time\":\"2026-01-02T03:04:05Z\"")
        .contains("\"datacontenttype\":\"application/json\"")
        .contains("\"subject\":\"exp-1\"");
  }

  @Test
  void invalidJsonIsRefused() {
    assertThatThrownBy(() -> CloudEventCodec.decode("{\"id\": ".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> CloudEventCodec.decode("[1,2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("must be a JSON object");
  }

  @Test
  void missingEnvelopeFieldsAreNamed() {
    for (String field : List.of("id", "source", "time", "subject", "specversion", "data")) {
      ObjectNode event = Samples.tree(EventType.EXPERT_REGISTERED);
      event.remove(field);
      assertThat(fieldOf(event)).as("without %s", field).isEqualTo(field);
    }
    ObjectNode noType = Samples.tree(EventType.EXPERT_REGISTERED);
    noType.remove("type");
    assertRefused(noType).hasMessageContaining("field 'type' is required");
  }

  @Test
  void missingIdMessageNamesTheField() {
    ObjectNode event = Samples.tree(EventType.TRAINING_PROGRESS);
    event.remove("id");

    assertRefused(event).hasMessage("dev.flexmoe.TrainingProgress.v1: field 'id' is required");
  }

  @Test
  void missingOrNullPayloadFieldIsNamedWithItsPath() {
    ObjectNode missing = Samples.tree(EventType.EXPERT_REGISTERED);
    ((ObjectNode) missing.get("data")).remove("anchorDigest");
    ObjectNode explicitNull = Samples.tree(EventType.EXPERT_REGISTERED);
    ((ObjectNode) explicitNull.get("data")).set("ownerId", NullNode.getInstance());

    assertRefused(missing)
        .hasMessage("dev.flexmoe.ExpertRegistered.v1: field 'data.anchorDigest' is required");
    assertThat(fieldOf(explicitNull)).isEqualTo("data.ownerId");
  }

  @Test
  void wrongTypeForAFieldIsNamed() {
    ObjectNode stringForNumber = Samples.tree(EventType.TRAINING_PROGRESS);
    ((ObjectNode) stringForNumber.get("data")).set("step", TextNode.valueOf("1200"));
    ObjectNode numberForString = Samples.tree(EventType.EXPERT_REGISTERED);
    ((ObjectNode) numberForString.get("data")).set("domain", IntNode.valueOf(7));
    ObjectNode objectForList = Samples.tree(EventType.EXPERT_REJECTED);
    ((ObjectNode) objectForList.get("data")).putObject("reasons");
    ObjectNode numberForTime = Samples.tree(EventType.USAGE_RECORDED);
    numberForTime.set("time", IntNode.valueOf(1_700_000_000));

    assertRefused(stringForNumber).hasMessageContaining("field 'data.step' has the wrong type");
    assertThat(fieldOf(numberForString)).isEqualTo("data.domain");
    assertThat(fieldOf(objectForList)).isEqualTo("data.reasons");
    assertThat(fieldOf(numberForTime)).isEqualTo("time");
  }

  @Test
  void nestedFieldsAreNamedWithIndex() {
    ObjectNode event = Samples.tree(EventType.MODEL_VERSION_PUBLISHED);
    ArrayNode experts = (ArrayNode) event.get("data").get("experts");
    ((ObjectNode) experts.get(1)).remove("artifactDigest");

    assertRefused(event).hasMessageContaining("field 'data.experts[1].artifactDigest' is required");
  }

  @Test
  void valuesOutsideTheContractAreNamed() {
    ObjectNode badDigest = Samples.tree(EventType.EXPERT_VALIDATED);
    ((ObjectNode) badDigest.get("data")).put("artifactDigest", "not-a-digest");
    ObjectNode badEnum = Samples.tree(EventType.EXPERT_POLICY);
    ((ObjectNode) badEnum.get("data")).put("state", "MAYBE");
    ObjectNode duplicateRows = Samples.tree(EventType.MODEL_VERSION_PUBLISHED);
    ((ObjectNode) duplicateRows.get("data").get("experts").get(1)).put("routerRow", 1);
    ObjectNode noReasons = Samples.tree(EventType.EXPERT_REJECTED);
    ((ObjectNode) noReasons.get("data")).putArray("reasons");

    assertRefused(badDigest).hasMessageContaining("must be a SHA-256");
    assertThat(fieldOf(badEnum)).isEqualTo("data.state");
    assertThat(fieldOf(duplicateRows)).isEqualTo("data.experts");
    assertRefused(noReasons).hasMessageContaining("field 'data.reasons' must name at least one");
  }

  @Test
  void unknownTypeAndWrongSpecVersionAreRefused() {
    ObjectNode unknown = Samples.tree(EventType.EXPERT_REGISTERED);
    unknown.put("type", "dev.flexmoe.ExpertRegistered.v9");
    ObjectNode oldSpec = Samples.tree(EventType.EXPERT_REGISTERED);
    oldSpec.put("specversion", "0.3");

    assertRefused(unknown)
        .hasMessageContaining("unknown event type 'dev.flexmoe.ExpertRegistered.v9'");
    assertThat(fieldOf(oldSpec)).isEqualTo("specversion");
  }

  @Test
  void subjectMustBeThePayloadsKey() {
    ObjectNode event = Samples.tree(EventType.EXPERT_REGISTERED);
    event.put("subject", "exp-other");

    assertThat(fieldOf(event)).isEqualTo("subject");
  }

  @Test
  void duplicateKeysAreRefused() {
    String json =
        new String(Samples.bytes(EventType.EXPERT_WITHDRAWN), StandardCharsets.UTF_8)
            .replaceFirst("\"id\"", "\"id\": \"x\", \"id\"");

    assertThatThrownBy(() -> CloudEventCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("Duplicate field 'id'");
  }

  @Test
  void decodingAsTheWrongPayloadClassIsRefused() {
    assertThatThrownBy(
            () ->
                CloudEventCodec.decode(
                    Samples.bytes(EventType.EXPERT_REGISTERED), ExpertWithdrawn.class))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("expected an event of type ExpertWithdrawn");
  }

  @Test
  void optionalCollectionsDefaultToEmpty() {
    ObjectNode event = Samples.tree(EventType.EXPERT_POLICY);
    ((ObjectNode) event.get("data")).remove(List.of("tenants", "licenseClasses", "validUntil"));

    ExpertPolicy policy = CloudEventCodec.decode(Samples.toBytes(event), ExpertPolicy.class).data();

    assertThat(policy.tenants()).isEmpty();
    assertThat(policy.licenseClasses()).isEmpty();
    assertThat(policy.validUntil()).isNull();
  }

  @Test
  void nonFiniteMetricsCannotBeWritten() {
    assertThatThrownBy(
            () -> new ExpertValidated("exp-1", DIGEST, Map.of("bitsPerByte", Double.NaN)))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessageContaining("metrics.bitsPerByte");
  }
}
