package dev.flexmoe.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.data.FlexMixBuild.Settings;
import dev.flexmoe.data.extract.BrownCorpus;
import dev.flexmoe.data.extract.SpamAssassinHam;
import dev.flexmoe.data.fetch.Digests;
import dev.flexmoe.data.fetch.NpmPackage;
import dev.flexmoe.data.fetch.PackageFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlexMixBuildTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final NpmPackage BROWN =
      new NpmPackage("corpus-fixture", "1.0.0", "a".repeat(64), List.of("package/LICENSE.txt"));
  private static final NpmPackage MAIL =
      new NpmPackage("@fixtures/mail", "2.0.0", "b".repeat(64), List.of("package/LICENSE.txt"));
  private static final NpmPackage LETTERS =
      new NpmPackage("letters", "3.0.0", "c".repeat(64), List.of("package/LICENSE.txt"));

  private static final Domain PUBLIC =
      new Domain(
          "public",
          "Public",
          "Brown samples",
          "redistribution permitted",
          "W. N. Francis",
          List.of(new DomainSource(BROWN, BrownCorpus::wanted, BrownCorpus::documents)));
  private static final Domain FORUM =
      new Domain(
          "forum",
          "Reddit",
          "mail",
          "CC0-1.0",
          "the senders",
          List.of(new DomainSource(MAIL, SpamAssassinHam::wanted, SpamAssassinHam::documents)));

  /** 25 letters, one per line of a file: enough for two validation documents. */
  private static final Domain LETTER_DOMAIN =
      new Domain(
          "letters",
          "Letters",
          "letters",
          "public domain",
          "the writers",
          List.of(
              new DomainSource(
                  LETTERS,
                  path -> path.equals("package/letters.txt"),
                  files -> List.of(files.text("package/letters.txt").split("\n")))));

  @TempDir Path dir;

  private static PackageFiles read(NpmPackage pkg, java.util.function.Predicate<String> wanted) {
    Map<String, byte[]> all = new LinkedHashMap<>();
    all.put("package/LICENSE.txt", Fixtures.bytes("LICENSE.txt"));
    if (pkg == BROWN) {
      all.put("package/ca01", Fixtures.bytes("brown/ca01"));
      all.put("package/cb01", Fixtures.bytes("brown/cb01"));
      all.put("package/cats.txt", Fixtures.bytes("brown/cats.txt"));
    } else if (pkg == MAIL) {
      all.put(
          "package/data/easy-ham-1/00001." + "1".repeat(32) + ".txt",
          Fixtures.bytes("mail/plain.eml"));
      all.put(
          "package/data/easy-ham-1/00002." + "2".repeat(32) + ".txt",
          Fixtures.bytes("mail/multipart.eml"));
      all.put(
          "package/data/spam-1/00001." + "3".repeat(32) + ".txt",
          Fixtures.bytes("mail/base64.eml"));
    } else {
      StringBuilder letters = new StringBuilder();
      IntStream.rangeClosed(1, 25)
          .forEach(
              i -> letters.append("Dear friend, this is letter number ").append(i).append(".\n"));
      all.put(
          "package/letters.txt",
          letters.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Map<String, byte[]> wantedFiles = new TreeMap<>();
    all.forEach(
        (path, bytes) -> {
          if (wanted.test(path)) {
            wantedFiles.put(path, bytes);
          }
        });
    return new PackageFiles(pkg, wantedFiles);
  }

  private Map<String, byte[]> build(Path out, Settings settings) throws IOException {
    new FlexMixBuild((pkg, wanted) -> read((NpmPackage) pkg, wanted), settings)
        .build(List.of(PUBLIC, FORUM, LETTER_DOMAIN), out);
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> tree = Files.walk(out)) {
      for (Path file : tree.filter(Files::isRegularFile).toList()) {
        files.put(out.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    return files;
  }

  private static Settings sample() {
    return new Settings(1 << 20, 100 << 10, true, Settings.MIN_DUPLICATE_LINE_CHARS);
  }

  @Test
  void twoBuildsOfTheSameSourcesAreByteIdentical() throws IOException {
    Map<String, byte[]> first = build(dir.resolve("first"), sample());
    Map<String, byte[]> second = build(dir.resolve("second"), sample());

    assertThat(first.keySet())
        .contains(
            "README.md",
            "ATTRIBUTION.md",
            "public/train.jsonl.gz",
            "public/validation.jsonl.gz",
            "public/manifest.json",
            "public/licenses/corpus-fixture/LICENSE",
            "forum/licenses/fixtures-mail/LICENSE",
            "letters/train.jsonl.gz")
        .isEqualTo(second.keySet());
    first.forEach((name, bytes) -> assertThat(second.get(name)).as(name).isEqualTo(bytes));
  }

  @Test
  void manifestsRecordCountsSizesAndDigestsOfTheWrittenFiles() throws IOException {
    Path out = dir.resolve("out");
    build(out, sample());

    JsonNode manifest = JSON.readTree(out.resolve("letters/manifest.json").toFile());
    JsonNode train = manifest.path("splits").path("train");
    JsonNode validation = manifest.path("splits").path("validation");
    assertThat(train.path("documents").asInt()).isEqualTo(23);
    assertThat(validation.path("documents").asInt()).isEqualTo(2);
    assertThat(manifest.path("sources").get(0).path("package").asText()).isEqualTo("letters@3.0.0");
    assertThat(manifest.path("sources").get(0).path("artifactSha256").asText())
        .isEqualTo("c".repeat(64));

    byte[] gz = Files.readAllBytes(out.resolve("letters/validation.jsonl.gz"));
    assertThat(validation.path("sha256").asText()).isEqualTo(Digests.sha256(gz));
    assertThat(validation.path("fileBytes").asLong()).isEqualTo(gz.length);
    List<String> texts = texts(out.resolve("letters/validation.jsonl.gz"));
    assertThat(texts)
        .containsExactly(
            "Dear friend, this is letter number 10.", "Dear friend, this is letter number 20.");
    assertThat(texts(out.resolve("letters/train.jsonl.gz"))).doesNotContainAnyElementsOf(texts);

    String readme = Files.readString(out.resolve("README.md"));
    assertThat(readme).contains("| letters | Letters |", "`letters@3.0.0`", "| 23 |");
    assertThat(Files.readString(out.resolve("ATTRIBUTION.md")))
        .contains("`forum/licenses/fixtures-mail/LICENSE`", "the senders");
  }

  @Test
  void withoutGzipTheSameTextIsWrittenAsPlainJsonLines() throws IOException {
    Path gz = dir.resolve("gz");
    Path plain = dir.resolve("plain");
    build(gz, sample());
    build(plain, new Settings(1 << 20, 100 << 10, false, Settings.MIN_DUPLICATE_LINE_CHARS));

    JsonNode gzManifest = JSON.readTree(gz.resolve("forum/manifest.json").toFile());
    JsonNode plainManifest = JSON.readTree(plain.resolve("forum/manifest.json").toFile());
    assertThat(plainManifest.path("splits").path("train").path("sha256"))
        .isEqualTo(gzManifest.path("splits").path("train").path("jsonlSha256"));
    assertThat(Files.readString(plain.resolve("forum/train.jsonl")))
        .contains("{\"text\":\"Re: [exmh] New Sequences Window\\n\\nFor me it is very repeatable")
        .doesNotContain("@");
  }

  private static List<String> texts(Path jsonlGz) throws IOException {
    List<String> texts = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(jsonlGz))) {
      for (String line :
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty()) {
          texts.add(JSON.readTree(line).path("text").asText());
        }
      }
    }
    return texts;
  }
}
