package dev.flexmoe.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BPE encoding in plain Java, read from a {@code tokenizer.json} the way the HF runtime reads it:
 * special tokens, then {@link PreTokenizer} pieces, each piece's bytes merged by rank (lowest rank
 * first, every occurrence left to right, until no ranked pair is left). Equal ids from this and
 * from the runtime prove that the runtime cuts text where training did.
 */
final class ReferenceEncoder {

  private final Map<String, Long> vocab = new HashMap<>();
  private final Map<String, Long> specials = new HashMap<>();
  private final Map<String, Integer> ranks = new HashMap<>();
  private final PreTokenizer preTokenizer;

  ReferenceEncoder(Path tokenizerJson) throws IOException {
    JsonNode root = new ObjectMapper().readTree(tokenizerJson.toFile());
    for (JsonNode added : root.path("added_tokens")) {
      specials.put(added.path("content").asText(), added.path("id").asLong());
    }
    root.path("model")
        .path("vocab")
        .fields()
        .forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asLong()));
    JsonNode merges = root.path("model").path("merges");
    for (int rank = 0; rank < merges.size(); rank++) {
      ranks.put(merges.get(rank).asText(), rank);
    }
    preTokenizer = new PreTokenizer(List.copyOf(specials.keySet()));
  }

  long[] encode(String text) {
    List<Long> ids = new ArrayList<>();
    preTokenizer.split(
        text, special -> ids.add(specials.get(special)), piece -> encodePiece(piece, ids));
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  private void encodePiece(String piece, List<Long> ids) {
    List<String> parts = new ArrayList<>();
    for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
      parts.add(String.valueOf(ByteLevel.symbol(b & 0xFF)));
    }
    while (true) {
      int bestRank = Integer.MAX_VALUE;
      String best = null;
      for (int i = 0; i + 1 < parts.size(); i++) {
        Integer rank = ranks.get(parts.get(i) + " " + parts.get(i + 1));
        if (rank != null && rank < bestRank) {
          bestRank = rank;
          best = parts.get(i) + " " + parts.get(i + 1);
        }
      }
      if (best == null) {
        break;
      }
      List<String> merged = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        if (i + 1 < parts.size() && best.equals(parts.get(i) + " " + parts.get(i + 1))) {
          merged.add(parts.get(i) + parts.get(i + 1));
          i++;
        } else {
          merged.add(parts.get(i));
        }
      }
      parts = merged;
    }
    for (String part : parts) {
      ids.add(vocab.get(part));
    }
  }
}
