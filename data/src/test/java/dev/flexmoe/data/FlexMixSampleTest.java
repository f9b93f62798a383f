package dev.flexmoe.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.data.extract.SpamAssassinHam;
import dev.flexmoe.data.fetch.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sample committed in data/flexmix-lite-sample, as a user of the repository gets it. */
class FlexMixSampleTest {

  private static final Path SAMPLE = Path.of("flexmix-lite-sample");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void holdsEveryDomainWithinTheSizeBudget() throws IOException {
    for (Domain domain : FlexMix.domains()) {
      Path dir = SAMPLE.resolve(domain.name());
      assertThat(dir.resolve("train.jsonl.gz")).isRegularFile();
      assertThat(dir.resolve("validation.jsonl.gz")).isRegularFile();
      assertThat(dir.resolve("manifest.json")).isRegularFile();
      assertThat(dir.resolve("licenses")).isDirectoryContaining(Files::isDirectory);
    }
    assertThat(SAMPLE.resolve("README.md")).isRegularFile();
    assertThat(Files.readString(SAMPLE.resolve("ATTRIBUTION.md")))
        .contains(FlexMix.domains().stream().map(domain -> "## " + domain.name() + " ").toList());
    long total;
    try (Stream<Path> tree = Files.walk(SAMPLE)) {
      total = tree.filter(Files::isRegularFile).mapToLong(FlexMixSampleTest::size).sum();
    }
    assertThat(total).isLessThan(6_000_000);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"public", "news", "creative", "code", "academic", "math", "educational", "forum"})
  void eachDomainMatchesItsManifestAndKeepsValidationApart(String domain) throws IOException {
    Path dir = SAMPLE.resolve(domain);
    JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
    List<String> train = check(dir, manifest.path("splits").path("train"));
    List<String> validation = check(dir, manifest.path("splits").path("validation"));

    assertThat(bytes(train)).isBetween(500_000L, 1_000_000L);
    assertThat(bytes(validation)).isBetween(20_000L, 110_000L);
    assertThat(validation).doesNotContainAnyElementsOf(new HashSet<>(train));
    for (JsonNode source : manifest.path("sources")) {
      assertThat(source.path("artifactSha256").asText()).matches("[0-9a-f]{64}");
      for (JsonNode license : source.path("licenseFiles")) {
        assertThat(dir.resolve(license.asText())).isNotEmptyFile();
      }
    }
  }

  @Test
  void noEmailAddressIsLeftInTheForum() throws IOException {
    Set<String> posts = new HashSet<>();
    posts.addAll(texts(SAMPLE.resolve("forum/train.jsonl.gz")));
    posts.addAll(texts(SAMPLE.resolve("forum/validation.jsonl.gz")));

    assertThat(posts).isNotEmpty();
    assertThat(posts)
        .noneMatch(post -> post.matches("(?s).*[\\w.+-]+@[\\w-]+\\.[\\w.-]+.*"))
        .noneMatch(post -> SpamAssassinHam.EMAIL.matcher(post).find());
  }

  /** The split's file against its manifest entry: digests, document count and text bytes. */
  private static List<String> check(Path dir, JsonNode split) throws IOException {
    Path file = dir.resolve(split.path("file").asText());
    byte[] gz = Files.readAllBytes(file);
    assertThat(Digests.sha256(gz)).as(file + " sha256").isEqualTo(split.path("sha256").asText());
    assertThat((long) gz.length).isEqualTo(split.path("fileBytes").asLong());
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      assertThat(Digests.sha256(in.readAllBytes())).isEqualTo(split.path("jsonlSha256").asText());
    }
    List<String> texts = texts(file);
    assertThat(texts).hasSize(split.path("documents").asInt());
    assertThat(bytes(texts)).isEqualTo(split.path("textBytes").asLong());
    return texts;
  }

  private static List<String> texts(Path jsonlGz) throws IOException {
    List<String> texts = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(jsonlGz))) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty()) {
          texts.add(JSON.readTree(line).path("text").asText());
        }
      }
    }
    return texts;
  }

  private static long bytes(List<String> texts) {
    return texts.stream().mapToLong(text -> text.getBytes(StandardCharsets.UTF_8).length).sum();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
