package dev.flexmoe.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Reads and writes {@link CloudEvent}s as structured-mode JSON.
 *
 * <p>Reading is tolerant where compatibility needs it (unknown fields are ignored) and strict
 * everywhere else: a missing required field, a string where a number belongs, a duplicate key or an
 * unknown event type is an {@link EventFormatException} that names the field. The mapper is
 * private, so a service's own Jackson settings never change the wire format.
 */
public final class CloudEventCodec {

  private static final ObjectMapper MAPPER = newMapper();

  private CloudEventCodec() {}

  private static ObjectMapper newMapper() {
    ObjectMapper mapper =
        JsonMapper.builder()
            .addModule(InstantJson.module())
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    // Coercion between JSON strings, numbers and booleans hides producer bugs: refuse it.
    for (LogicalType numeric : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
      mapper
          .coercionConfigFor(numeric)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper;
  }

  /** Writes an event as UTF-8 JSON. */
  public static byte[] encode(CloudEvent<?> event) {
    try {
      return MAPPER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new EventFormatException(
          event.type() + ": cannot be written: " + e.getMessage(), null, e);
    }
  }

  /** Reads an event of any catalog type. */
  public static CloudEvent<?> decode(byte[] json) {
    JsonNode root = readTree(json);
    JsonNode typeNode = root.get("type");
    if (typeNode == null || typeNode.isNull()) {
      throw new EventFormatException("event: field 'type' is required", "type", null);
    }
    if (!typeNode.isTextual()) {
      throw new EventFormatException("event: field 'type' must be a string", "type", null);
    }
    String typeName = typeNode.asText();
    EventType type =
        EventType.byTypeName(typeName)
            .orElseThrow(
                () ->
                    new EventFormatException(
                        "event: field 'type' names an unknown event type '" + typeName + "'",
                        "type",
                        null));
    JavaType javaType =
        MAPPER.getTypeFactory().constructParametricType(CloudEvent.class, type.payloadClass());
    try {
      return MAPPER.treeToValue(root, javaType);
    } catch (ValueInstantiationException e) {
      throw invalidField(typeName, e);
    } catch (MismatchedInputException e) {
      String field = path(e);
      throw new EventFormatException(
          typeName
              + ": field '"
              + field
              + "' has the wrong type or value ("
              + e.getOriginalMessage()
              + ")",
          field,
          e);
    } catch (IOException e) {
      throw new EventFormatException(typeName + ": " + e.getMessage(), null, e);
    }
  }

  /** Reads an event and checks that it is of the expected payload type. */
  public static <T extends EventPayload> CloudEvent<T> decode(byte[] json, Class<T> payloadClass) {
    CloudEvent<?> event = decode(json);
    if (!payloadClass.isInstance(event.data())) {
      throw new EventFormatException(
          event.type() + ": expected an event of type " + payloadClass.getSimpleName(),
          "type",
          null);
    }
    @SuppressWarnings("unchecked") // checked on the line above
    CloudEvent<T> typed = (CloudEvent<T>) event;
    return typed;
  }

  private static JsonNode readTree(byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new EventFormatException(
          "event: not valid JSON (" + firstLine(e.getMessage()) + ")", null, e);
    }
    if (root == null || !root.isObject()) {
      throw new EventFormatException("event: must be a JSON object", null, null);
    }
    return root;
  }

  private static EventFormatException invalidField(String typeName, ValueInstantiationException e) {
    String at = path(e);
    if (e.getCause() instanceof InvalidFieldException invalid) {
      String field = at.isEmpty() ? invalid.field() : at + "." + invalid.field();
      return new EventFormatException(
          typeName + ": field '" + field + "' " + invalid.problem(), field, invalid);
    }
    return new EventFormatException(
        typeName + ": invalid value at '" + at + "' (" + e.getOriginalMessage() + ")", at, e);
  }

  /** A Jackson error location as {@code data.experts[0].routerRow}. */
  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(
            ref ->
                ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
