package dev.flexmoe.model.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Documents of a text corpus on disk: a {@code .txt} file is one document, a {@code .jsonl} file
 * holds one document per line as {@code {"text": "..."}} (gzip-compressed if named {@code
 * .jsonl.gz}, as the FlexMix-lite sample ships), a directory holds such files (read recursively, in
 * path order, so the same directory always gives the same corpus).
 */
public final class Corpus {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Corpus() {}

  public static List<String> read(Path path) {
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("no such file or directory: " + path);
    }
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> tree = Files.walk(path)) {
        tree.filter(Files::isRegularFile).filter(Corpus::isCorpusFile).sorted().forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + path, e);
      }
    } else if (isCorpusFile(path)) {
      files.add(path);
    } else {
      throw new IllegalArgumentException(path + " is neither a .txt, .jsonl nor .jsonl.gz file");
    }
    List<String> documents = new ArrayList<>();
    for (Path file : files) {
      String text = readUtf8(file);
      if (isJsonLines(file)) {
        int line = 0;
        for (String json : text.split("\n")) {
          line++;
          if (!json.isBlank()) {
            documents.add(textOf(json, file, line));
          }
        }
      } else if (!text.isEmpty()) {
        documents.add(text);
      }
    }
    if (documents.isEmpty()) {
      throw new IllegalArgumentException(path + " holds no document (.txt, .jsonl or .jsonl.gz)");
    }
    return documents;
  }

  private static boolean isCorpusFile(Path file) {
    return file.getFileName().toString().endsWith(".txt") || isJsonLines(file);
  }

  private static boolean isJsonLines(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".jsonl") || name.endsWith(".jsonl.gz");
  }

  private static String readUtf8(Path file) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(readBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(file + " is not valid UTF-8", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static byte[] readBytes(Path file) throws IOException {
    if (!file.getFileName().toString().endsWith(".gz")) {
      return Files.readAllBytes(file);
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    } catch (ZipException e) {
      throw new IllegalArgumentException(file + " is not a valid gzip file", e);
    }
  }

  private static String textOf(String json, Path file, int line) {
    try {
      JsonNode node = JSON.readTree(json);
      JsonNode text = node == null ? null : node.get("text");
      if (text == null || !text.isTextual()) {
        throw new IllegalArgumentException(file + ":" + line + ": needs a string field \"text\"");
      }
      return text.asText();
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ":" + line + ": not valid JSON", e);
    }
  }
}
