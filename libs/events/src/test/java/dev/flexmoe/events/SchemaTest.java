package dev.flexmoe.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each event's JSON Schema describes what the codec reads and writes: samples and freshly written
 * events validate, and schema and record agree on which fields exist and which are required.
 */
class SchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder.schemaIdResolvers(
                  resolvers ->
                      resolvers.mapPrefix("https://flexmoe.dev/schemas/", "classpath:schemas/")));

  private static Schema schema(EventType type) {
    return SCHEMAS.getSchema(
        SchemaLocation.of(
            "https://flexmoe.dev/schemas/" + type.payloadClass().getSimpleName() + ".v1.json"));
  }

  private static JsonNode schemaTree(EventType type) throws IOException {
    try (InputStream in = SchemaTest.class.getResourceAsStream("/" + type.schemaResource())) {
      assertThat(in).as("schema resource %s", type.schemaResource()).isNotNull();
      return JSON.readTree(in);
    }
  }

  private static List<Error> validate(EventType type, byte[] json) {
    return schema(type)
        .validate(new String(json, java.nio.charset.StandardCharsets.UTF_8), InputFormat.JSON);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void storedSampleValidates(EventType type) {
    assertThat(validate(type, Samples.bytes(type))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void whatTheCodecWritesValidates(EventType type) {
    CloudEvent<?> sample = CloudEventCodec.decode(Samples.bytes(type));
    CloudEvent<?> fresh = CloudEvent.of("/flexmoe/test", sample.data());

    assertThat(validate(type, CloudEventCodec.encode(fresh))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void anotherTypeOrAMissingEnvelopeFieldIsInvalid(EventType type) {
    ObjectNode wrongType = Samples.tree(type);
    wrongType.set("type", TextNode.valueOf("dev.flexmoe.Unheard.v1"));
    ObjectNode noId = Samples.tree(type);
    noId.remove("id");

    assertThat(validate(type, Samples.toBytes(wrongType))).isNotEmpty();
    assertThat(validate(type, Samples.toBytes(noId))).isNotEmpty();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void schemaAndRecordNameTheSameFields(EventType type) throws IOException {
    JsonNode data = schemaTree(type).at("/properties/data");
    Set<String> schemaFields = new TreeSet<>();
    data.get("properties").fieldNames().forEachRemaining(schemaFields::add);
    Set<String> schemaRequired = new TreeSet<>();
    data.get("required").forEach(field -> schemaRequired.add(field.asText()));

    RecordComponent[] components = type.payloadClass().getRecordComponents();
    Set<String> recordFields =
        Arrays.stream(components)
            .map(RecordComponent::getName)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> recordRequired =
        Arrays.stream(components)
            .filter(component -> !component.isAnnotationPresent(Nullable.class))
            .map(RecordComponent::getName)
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(schemaFields).isEqualTo(recordFields);
    assertThat(schemaRequired).isEqualTo(recordRequired);
  }

  /**
   * Removing a field makes the schema and the codec decide alike (a required field is refused by
   * both, an optional one accepted unless a condition requires it), and the codec's error names it.
   */
  @ParameterizedTest
  @EnumSource(EventType.class)
  void schemaAndCodecAgreeOnEachFieldsAbsence(EventType type) throws IOException {
    JsonNode data = schemaTree(type).at("/properties/data");
    Set<String> required = new TreeSet<>();
    data.get("required").forEach(field -> required.add(field.asText()));
    List<String> disagreements = new ArrayList<>();

    data.get("properties")
        .fieldNames()
        .forEachRemaining(
            field -> {
              ObjectNode event = Samples.tree(type);
              ((ObjectNode) event.get("data")).remove(field);
              byte[] json = Samples.toBytes(event);
              boolean schemaAccepts = validate(type, json).isEmpty();
              String codecError = codecError(json);
              boolean codecAccepts = codecError == null;
              if (required.contains(field) && schemaAccepts) {
                disagreements.add(field + ": required, yet the schema accepts its absence");
              } else if (codecAccepts != schemaAccepts) {
                disagreements.add(field + ": schema " + schemaAccepts + ", codec " + codecError);
              } else if (!codecAccepts && !codecError.contains("'data." + field + "'")) {
                disagreements.add(field + ": error does not name it: " + codecError);
              }
            });

    assertThat(disagreements).isEmpty();
  }

  private static String codecError(byte[] json) {
    try {
      CloudEventCodec.decode(json);
      return null;
    } catch (EventFormatException e) {
      return e.getMessage();
    }
  }
}
