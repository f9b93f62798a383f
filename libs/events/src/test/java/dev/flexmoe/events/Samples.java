package dev.flexmoe.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The stored v1 sample of each event type, as bytes or as a JSON tree to edit. */
final class Samples {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Samples() {}

  static byte[] bytes(EventType type) {
    String resource = "/samples/v1/" + type.payloadClass().getSimpleName() + ".json";
    try (InputStream in = Samples.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no sample " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode tree(EventType type) {
    try {
      return (ObjectNode) JSON.readTree(bytes(type));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] toBytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
