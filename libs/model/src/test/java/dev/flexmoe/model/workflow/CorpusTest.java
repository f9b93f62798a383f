package dev.flexmoe.model.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {

  @TempDir Path dir;

  @Test
  void readsGzipCompressedJsonLinesLikePlainOnes() throws IOException {
    String jsonl = "{\"text\":\"Caf\u00e9 one\"}\n\n{\"text\":\"two\\nlines\"}\n";
    Path plain = Files.writeString(dir.resolve("train.jsonl"), jsonl);
    Path gz = dir.resolve("train.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(jsonl.getBytes(StandardCharsets.UTF_8));
    }

    assertThat(Corpus.read(gz)).containsExactly("Caf\u00e9 one", "two\nlines");
    assertThat(Corpus.read(gz)).isEqualTo(Corpus.read(plain));
  }

  @Test
  void aDirectoryMixesTheFormatsInPathOrderAndSkipsOtherFiles() throws IOException {
    Path domain = Files.createDirectories(dir.resolve("news"));
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(domain.resolve("a.jsonl.gz")))) {
      out.write("{\"text\":\"from gzip\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    Files.writeString(domain.resolve("b.txt"), "from text");
    Files.writeString(domain.resolve("manifest.json"), "{}");
    Files.writeString(domain.resolve("LICENSE"), "license text");

    assertThat(Corpus.read(domain)).containsExactly("from gzip", "from text");
  }

  @Test
  void aCorruptGzipFileIsNamed() throws IOException {
    Path broken = Files.writeString(dir.resolve("broken.jsonl.gz"), "not gzip");

    assertThatThrownBy(() -> Corpus.read(broken))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broken.jsonl.gz is not a valid gzip file");
  }
}
