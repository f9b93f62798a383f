package dev.flexmoe.reproduce;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.model.artifact.Digests;
import dev.flexmoe.model.workflow.Corpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The FlexMix-lite directory (as {@code data/} builds it, or its shipped sample): one directory per
 * domain with training and validation documents.
 */
final class FlexMixData {

  /** The public corpus and the seven closed domains, in the paper's order. */
  static final List<String> DOMAINS =
      List.of("public", "news", "creative", "code", "academic", "math", "educational", "forum");

  static final List<String> EXPERT_DOMAINS = DOMAINS.subList(1, DOMAINS.size());

  private final Path root;

  FlexMixData(Path root) {
    this.root = root;
    for (String domain : DOMAINS) {
      train(domain);
      validation(domain);
    }
  }

  Path train(String domain) {
    return split(domain, "train");
  }

  Path validation(String domain) {
    return split(domain, "validation");
  }

  private Path split(String domain, String split) {
    for (String suffix : List.of(".jsonl.gz", ".jsonl")) {
      Path file = root.resolve(domain).resolve(split + suffix);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new IllegalArgumentException(
        root
            + " is not a FlexMix-lite directory: it lacks "
            + domain
            + "/"
            + split
            + ".jsonl(.gz)");
  }

  /** The identity of a domain's data, for step keys. */
  String digest(Path file) {
    return Digests.sha256(file);
  }

  /** The identities of every domain's training split, in domain order. */
  List<String> trainDigests() {
    return DOMAINS.stream().map(domain -> digest(train(domain))).toList();
  }

  /** The identities of every domain's validation split, in domain order. */
  List<String> validationDigests() {
    return DOMAINS.stream().map(domain -> digest(validation(domain))).toList();
  }

  /**
   * The domain's validation text as passages of about {@code passageBytes} (cut after whitespace),
   * taken in turn from each document (every document's first passage, then every second one, ...)
   * until {@code capBytes}: the units every system is scored on and the bootstrap resamples. One
   * long document would otherwise be a single unit, and a few documents would decide a domain's
   * column.
   */
  static void writeCappedValidation(Path validation, int capBytes, int passageBytes, Path out) {
    List<List<String>> passagesByDocument = new ArrayList<>();
    for (String document : Corpus.read(validation)) {
      passagesByDocument.add(passages(document, passageBytes));
    }
    List<String> kept = new ArrayList<>();
    long bytes = 0;
    boolean more = true;
    for (int round = 0; more; round++) {
      more = false;
      for (List<String> passages : passagesByDocument) {
        if (round >= passages.size()) {
          continue;
        }
        more = true;
        String passage = passages.get(round);
        int size = passage.getBytes(StandardCharsets.UTF_8).length;
        if (!kept.isEmpty() && bytes + size > capBytes) {
          more = false;
          break;
        }
        kept.add(passage);
        bytes += size;
      }
    }
    ObjectMapper json = new ObjectMapper();
    StringBuilder lines = new StringBuilder();
    try {
      for (String document : kept) {
        lines.append(json.writeValueAsString(Map.of("text", document))).append('\n');
      }
      Files.createDirectories(out.getParent());
      Files.writeString(out, lines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
  }

  /**
   * A document cut after whitespace into pieces of at most {@code maxBytes} (a longer word whole).
   */
  static List<String> passages(String document, int maxBytes) {
    List<String> passages = new ArrayList<>();
    StringBuilder passage = new StringBuilder();
    int bytes = 0;
    for (String line : document.split("(?<=\\s)")) {
      int size = line.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > 0 && bytes + size > maxBytes) {
        passages.add(passage.toString());
        passage.setLength(0);
        bytes = 0;
      }
      passage.append(line);
      bytes += size;
    }
    if (!passage.toString().isBlank()) {
      passages.add(passage.toString());
    }
    return passages;
  }
}
