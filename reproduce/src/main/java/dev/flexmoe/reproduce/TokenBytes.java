package dev.flexmoe.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * How many bytes of text each token id stands for, read from a byte-level BPE {@code
 * tokenizer.json}: one byte per symbol of the token's spelling, none for a special token. A
 * document's tokens add up to its UTF-8 length, so that bits per byte can be taken over part of a
 * document (after its routing prefix).
 */
final class TokenBytes {

  private final int[] bytes;

  private TokenBytes(int[] bytes) {
    this.bytes = bytes;
  }

  static TokenBytes load(Path tokenizerJson) {
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(tokenizerJson.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + tokenizerJson, e);
    }
    JsonNode vocab = json.path("model").path("vocab");
    int size = 0;
    for (JsonNode id : vocab) {
      size = Math.max(size, id.asInt() + 1);
    }
    for (JsonNode special : json.path("added_tokens")) {
      size = Math.max(size, special.path("id").asInt() + 1);
    }
    int[] bytes = new int[size];
    for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> token = it.next();
      bytes[token.getValue().asInt()] = token.getKey().length();
    }
    for (JsonNode special : json.path("added_tokens")) {
      bytes[special.path("id").asInt()] = 0;
    }
    return new TokenBytes(bytes);
  }

  /** The bytes of {@code tokens[from ..]}. */
  long of(int[] tokens, int from) {
    return of(tokens, from, tokens.length);
  }

  /** The bytes of {@code tokens[from .. to - 1]}. */
  long of(int[] tokens, int from, int to) {
    long total = 0;
    for (int t = from; t < to; t++) {
      total += bytes[tokens[t]];
    }
    return total;
  }
}
