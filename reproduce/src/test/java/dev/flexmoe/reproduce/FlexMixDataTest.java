package dev.flexmoe.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validation text as the scored passages. */
class FlexMixDataTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aDocumentIsCutAfterWhitespaceIntoPassagesThatKeepEveryByte() {
    String document =
        "alpha beta\n".repeat(10) + "one line of many words, each short, no line end in it\n";
    List<String> passages = FlexMixData.passages(document, 20);
    assertThat(String.join("", passages)).isEqualTo(document);
    assertThat(passages).allSatisfy(p -> assertThat(p).matches("(?s).*\\s"));
    assertThat(passages)
        .allSatisfy(p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThan(21));
    assertThat(FlexMixData.passages("an-unbroken-word-longer-than-the-limit", 10))
        .containsExactly("an-unbroken-word-longer-than-the-limit");
  }

  @Test
  void passagesAreTakenFromEveryDocumentInTurnUpToTheCap(@TempDir Path dir) throws IOException {
    Path validation = dir.resolve("validation.jsonl");
    List<String> lines = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      lines.add(JSON.writeValueAsString(Map.of("text", (name + "1234567\n").repeat(4))));
    }
    Files.write(validation, lines);
    Path out = dir.resolve("capped.jsonl");

    // Passages of two 9-byte lines; a cap of 5 passages' bytes.
    FlexMixData.writeCappedValidation(validation, 90, 18, out);

    List<String> kept = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      kept.add(JSON.readTree(line).path("text").asText().substring(0, 1));
    }
    assertThat(kept).containsExactly("a", "b", "c", "a", "b");
  }
}
