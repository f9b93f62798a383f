package dev.flexmoe.model.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** A few KB of English prose, Python, TeX and text in a dozen scripts, one document per file. */
final class TrainingCorpus {

  private static final List<String> FILES =
      List.of(
          "prose.txt", "code.py", "Tokens.java.txt", "math.tex", "notes.md", "multilingual.txt");

  private TrainingCorpus() {}

  static List<String> documents() {
    return FILES.stream().map(TrainingCorpus::read).collect(Collectors.toList());
  }

  private static String read(String name) {
    try (InputStream in = TrainingCorpus.class.getResourceAsStream("/tokenizer/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
