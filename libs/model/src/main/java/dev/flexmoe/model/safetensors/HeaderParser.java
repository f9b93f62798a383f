package dev.flexmoe.model.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the JSON header in two passes: one for syntax alone (strict JSON within Jackson's nesting
 * and length limits), then one token by token against the one shape a header may have, so that an
 * unexpected value is refused where it starts and every refusal says which tensor and field it
 * concerns. Nothing is ever built from a value the shape does not allow.
 */
final class HeaderParser {

  // Jackson's defaults are strict JSON: no comments, NaN literals, single quotes or leading zeros.
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private HeaderParser() {}

  static Header parse(byte[] headerBytes) {
    String json = decodeUtf8(headerBytes);
    // Syntax first, in a pass of its own: a truncated or garbled header is reported as such, not
    // as whatever field the damage happened to cut off.
    try (JsonParser syntax = JSON.createParser(json)) {
      checkWellFormed(syntax);
    } catch (IOException e) {
      throw notJson(e);
    }
    try (JsonParser parser = JSON.createParser(json)) {
      return readHeader(parser);
    } catch (IOException e) {
      throw notJson(e);
    }
  }

  private static SafetensorsFormatException notJson(IOException e) {
    String detail =
        e instanceof JsonProcessingException json
            // Jackson's "(start marker at [Source: REDACTED ...])" says nothing to a user.
            ? json.getOriginalMessage().replaceAll(" ?\\(start marker at \\[.*?\\]\\)", "")
                + at(json.getLocation())
            : e.getMessage();
    return new SafetensorsFormatException(
        Violation.HEADER_NOT_JSON, null, "header is not valid JSON: " + detail, e);
  }

  private static String decodeUtf8(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(in)
          .toString();
    } catch (CharacterCodingException e) {
      throw new SafetensorsFormatException(
          Violation.HEADER_NOT_UTF8,
          null,
          "header is not valid UTF-8 (bad byte sequence at header byte " + in.position() + ")",
          e);
    }
  }

  private static void checkWellFormed(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      throw new SafetensorsFormatException(
          Violation.HEADER_NOT_JSON, null, "header is empty; it must be a JSON object");
    }
    parser.skipChildren();
    JsonToken extra = parser.nextToken();
    if (extra != null) {
      throw new SafetensorsFormatException(
          Violation.HEADER_NOT_JSON,
          null,
          "header is not valid JSON: "
              + describe(extra)
              + " after the end of the value"
              + at(parser.currentTokenLocation()));
    }
  }

  /** Reads a header that is known to be well-formed JSON. */
  private static Header readHeader(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first != JsonToken.START_OBJECT) {
      throw new SafetensorsFormatException(
          Violation.HEADER_NOT_OBJECT,
          null,
          "header must be a JSON object, found " + describe(first));
    }
    Map<String, String> metadata = Map.of();
    List<Header.Entry> entries = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      if (!keys.add(key)) {
        throw new SafetensorsFormatException(
            Violation.DUPLICATE_KEY,
            key.equals(TensorNameRule.METADATA_KEY) ? null : key,
            "header has the key " + TensorNameRule.quote(key) + " twice");
      }
      parser.nextToken();
      if (key.equals(TensorNameRule.METADATA_KEY)) {
        metadata = readMetadata(parser);
      } else {
        entries.add(readEntry(parser, key));
      }
    }
    return new Header(metadata, entries);
  }

  private static Map<String, String> readMetadata(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new SafetensorsFormatException(
          Violation.WRONG_FIELD_TYPE,
          null,
          "'__metadata__' must be an object of strings, found " + describe(parser.currentToken()));
    }
    Map<String, String> metadata = new TreeMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      if (metadata.containsKey(key)) {
        throw new SafetensorsFormatException(
            Violation.DUPLICATE_KEY,
            null,
            "'__metadata__' has the key " + TensorNameRule.quote(key) + " twice");
      }
      JsonToken value = parser.nextToken();
      if (value != JsonToken.VALUE_STRING) {
        throw new SafetensorsFormatException(
            Violation.METADATA_VALUE_NOT_STRING,
            null,
            "'__metadata__' value of "
                + TensorNameRule.quote(key)
                + " must be a string, found "
                + describe(value));
      }
      metadata.put(key, parser.getText());
    }
    return metadata;
  }

  private static Header.Entry readEntry(JsonParser parser, String name) throws IOException {
    TensorNameRule.problem(name)
        .ifPresent(
            problem -> {
              throw new SafetensorsFormatException(
                  Violation.INVALID_TENSOR_NAME,
                  name,
                  "tensor name " + TensorNameRule.quote(name) + " " + problem);
            });
    String tensor = "tensor " + TensorNameRule.quote(name);
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new SafetensorsFormatException(
          Violation.WRONG_FIELD_TYPE,
          name,
          tensor + ": entry must be an object, found " + describe(parser.currentToken()));
    }
    String dtype = null;
    long[] shape = null;
    long[] offsets = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "dtype" -> {
          checkOnce(dtype, name, field);
          if (value != JsonToken.VALUE_STRING) {
            throw wrongType(name, field, "a string", value);
          }
          dtype = parser.getText();
        }
        case "shape" -> {
          checkOnce(shape, name, field);
          shape = readShape(parser, name);
        }
        case "data_offsets" -> {
          checkOnce(offsets, name, field);
          offsets = readOffsets(parser, name);
        }
        default ->
            throw new SafetensorsFormatException(
                Violation.UNKNOWN_FIELD,
                name,
                tensor
                    + ": unknown field "
                    + TensorNameRule.quote(field)
                    + " (an entry has only dtype, shape and data_offsets)");
      }
    }
    requirePresent(dtype, name, "dtype");
    requirePresent(shape, name, "shape");
    requirePresent(offsets, name, "data_offsets");
    return new Header.Entry(name, dtype, shape, offsets[0], offsets[1]);
  }

  private static long[] readShape(JsonParser parser, String name) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw wrongType(name, "shape", "an array", parser.currentToken());
    }
    List<Long> dims = new ArrayList<>();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      long dim = readNonNegativeLong(parser, token);
      if (dim < 0) {
        throw new SafetensorsFormatException(
            Violation.INVALID_SHAPE,
            name,
            "tensor "
                + TensorNameRule.quote(name)
                + ": shape dimension "
                + dims.size()
                + " must be a non-negative integer, found "
                + describe(parser));
      }
      dims.add(dim);
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  private static long[] readOffsets(JsonParser parser, String name) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw wrongType(name, "data_offsets", "an array [begin, end]", parser.currentToken());
    }
    long[] offsets = new long[2];
    int count = 0;
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      if (count == 2) {
        throw invalidOffsets(name, "has more than two elements");
      }
      long offset = readNonNegativeLong(parser, token);
      if (offset < 0) {
        throw invalidOffsets(
            name,
            "element " + count + " must be a non-negative integer, found " + describe(parser));
      }
      offsets[count++] = offset;
    }
    if (count != 2) {
      throw invalidOffsets(name, "has " + count + " instead of 2 elements");
    }
    if (offsets[0] > offsets[1]) {
      throw invalidOffsets(name, "begins after it ends ([" + offsets[0] + ", " + offsets[1] + "])");
    }
    return offsets;
  }

  /** The current token as a long when it is a non-negative integer that fits one, else -1. */
  private static long readNonNegativeLong(JsonParser parser, JsonToken token) throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      return -1;
    }
    long value = parser.getLongValue();
    return value < 0 ? -1 : value;
  }

  private static void checkOnce(Object seen, String name, String field) {
    if (seen != null) {
      throw new SafetensorsFormatException(
          Violation.DUPLICATE_KEY,
          name,
          "tensor " + TensorNameRule.quote(name) + ": field '" + field + "' appears twice");
    }
  }

  private static void requirePresent(Object value, String name, String field) {
    if (value == null) {
      throw new SafetensorsFormatException(
          Violation.MISSING_FIELD,
          name,
          "tensor " + TensorNameRule.quote(name) + ": field '" + field + "' is missing");
    }
  }

  private static SafetensorsFormatException wrongType(
      String name, String field, String expected, JsonToken found) {
    return new SafetensorsFormatException(
        Violation.WRONG_FIELD_TYPE,
        name,
        "tensor "
            + TensorNameRule.quote(name)
            + ": field '"
            + field
            + "' must be "
            + expected
            + ", found "
            + describe(found));
  }

  private static SafetensorsFormatException invalidOffsets(String name, String problem) {
    return new SafetensorsFormatException(
        Violation.INVALID_OFFSETS,
        name,
        "tensor " + TensorNameRule.quote(name) + ": data_offsets " + problem);
  }

  private static String describe(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    return switch (token) {
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> shorten(parser.getText());
      default -> describe(token);
    };
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
    };
  }

  private static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  private static String at(JsonLocation location) {
    return location == null ? "" : " (at header character " + location.getCharOffset() + ")";
  }
}
