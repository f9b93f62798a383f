package dev.flexmoe.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A public corpus of English prose with a few code and a few TeX passages in it, and a code and a
 * maths domain: each domain's classifier must find its own kind among the public passages.
 */
class ProxySelectionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Larger than every public document: each is one passage, numbered in corpus order. */
  private static final int PASSAGE_BYTES = 800;

  private static final int DIMENSIONS = 64;
  private static final int PER_KIND = 4;

  /** How code and TeX documents begin, and prose never does. */
  private static final String CODE_MARK = "import ";

  private static final String MATHS_MARK = "\\begin{";

  @TempDir Path dir;

  private Path publicCorpus;
  private Map<String, Path> domains;
  private final Set<Integer> publicCode = new TreeSet<>();
  private final Set<Integer> publicMaths = new TreeSet<>();
  private final List<String> publicDocuments = new ArrayList<>();

  @BeforeEach
  void corpora() throws IOException {
    Random random = new Random(3);
    // Two files: the corpus is a directory read in path order, the numbering runs across them.
    for (String file : List.of("a.jsonl", "b.jsonl")) {
      List<String> documents = new ArrayList<>();
      for (int d = 0; d < 30; d++) {
        documents.add(prose(random));
      }
      for (int k = 0; k < PER_KIND / 2; k++) {
        int code = random.nextInt(documents.size() + 1);
        documents.add(code, code(random));
        int maths = random.nextInt(documents.size() + 1);
        documents.add(maths, maths(random));
      }
      for (String document : documents) {
        int index = publicDocuments.size();
        if (document.startsWith(CODE_MARK)) {
          publicCode.add(index);
        } else if (document.startsWith(MATHS_MARK)) {
          publicMaths.add(index);
        }
        publicDocuments.add(document);
      }
      write(dir.resolve("public").resolve(file), documents);
    }
    publicCorpus = dir.resolve("public");
    domains = new LinkedHashMap<>();
    domains.put("code", domain("code", ProxySelectionTest::code, new Random(5)));
    domains.put("math", domain("math", ProxySelectionTest::maths, new Random(6)));
  }

  @Test
  void eachDomainChoosesThePublicPassagesOfItsKind() throws IOException {
    Path out = dir.resolve("proxy");
    ProxySelection.Summary summary =
        ProxySelection.write(publicCorpus, domains, DIMENSIONS, PER_KIND, PASSAGE_BYTES, out);

    JsonNode description = JSON.readTree(out.resolve("proxy.json").toFile());
    assertThat(chosen(description, "code")).isEqualTo(publicCode);
    assertThat(chosen(description, "math")).isEqualTo(publicMaths);
    assertThat(probabilities(description, "code")).isSortedAccordingTo((a, b) -> b.compareTo(a));

    Set<Integer> random = new TreeSet<>();
    description.path("random").forEach(index -> random.add(index.asInt()));
    assertThat(random).hasSize(PER_KIND).doesNotContainAnyElementsOf(publicCode);
    assertThat(random).doesNotContainAnyElementsOf(publicMaths);

    Set<Integer> all = new TreeSet<>(publicCode);
    all.addAll(publicMaths);
    all.addAll(random);
    List<String> expected = all.stream().map(publicDocuments::get).toList();
    List<String> written = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("proxy.jsonl"))) {
      written.add(JSON.readTree(line).path("text").asText());
    }
    assertThat(written).isEqualTo(expected);
    assertThat(summary.passages()).isEqualTo(written.size()).isEqualTo(3 * PER_KIND);
  }

  @Test
  void theSummaryMeasuresTheSetAgainstThePublicCorpus() throws IOException {
    Path out = dir.resolve("proxy");
    ProxySelection.Summary summary =
        ProxySelection.write(publicCorpus, domains, DIMENSIONS, PER_KIND, PASSAGE_BYTES, out);

    long bytes = 0;
    for (String line : Files.readAllLines(out.resolve("proxy.jsonl"))) {
      bytes += JSON.readTree(line).path("text").asText().getBytes(StandardCharsets.UTF_8).length;
    }
    long publicBytes =
        publicDocuments.stream().mapToLong(d -> d.getBytes(StandardCharsets.UTF_8).length).sum();
    assertThat(summary.bytes()).isEqualTo(bytes);
    assertThat(summary.publicPassages()).isEqualTo(publicDocuments.size());
    assertThat(summary.publicBytes()).isEqualTo(publicBytes);
    assertThat(summary.fraction()).isEqualTo((double) bytes / publicBytes).isLessThan(0.5);

    JsonNode description = JSON.readTree(out.resolve("proxy.json").toFile());
    assertThat(description.path("passages").asInt()).isEqualTo(summary.passages());
    assertThat(description.path("bytes").asLong()).isEqualTo(bytes);
    assertThat(description.path("publicBytes").asLong()).isEqualTo(publicBytes);
    assertThat(description.path("fraction").asDouble()).isEqualTo(summary.fraction());
  }

  @Test
  void aPassageTwoDomainsChooseIsWrittenOnce() throws IOException {
    Map<String, Path> twice = new LinkedHashMap<>(domains);
    twice.put("code-again", domains.get("code"));
    Path out = dir.resolve("proxy");
    ProxySelection.Summary summary =
        ProxySelection.write(publicCorpus, twice, DIMENSIONS, PER_KIND, PASSAGE_BYTES, out);

    assertThat(summary.passages()).isEqualTo(3 * PER_KIND);
    assertThat(Files.readAllLines(out.resolve("proxy.jsonl"))).hasSize(3 * PER_KIND);
    JsonNode description = JSON.readTree(out.resolve("proxy.json").toFile());
    assertThat(chosen(description, "code-again")).isEqualTo(publicCode);
  }

  @Test
  void theRandomPassagesAreDrawnFromThoseNotChosen() throws IOException {
    // One domain taking half the public passages: only disjoint random ones make up the rest.
    int half = publicDocuments.size() / 2;
    Path out = dir.resolve("proxy");
    ProxySelection.Summary summary =
        ProxySelection.write(
            publicCorpus,
            Map.of("code", domains.get("code")),
            DIMENSIONS,
            half,
            PASSAGE_BYTES,
            out);

    assertThat(summary.passages()).isEqualTo(2 * half).isEqualTo(publicDocuments.size());
    assertThat(summary.fraction()).isEqualTo(1);
    JsonNode description = JSON.readTree(out.resolve("proxy.json").toFile());
    Set<Integer> random = new TreeSet<>();
    description.path("random").forEach(index -> random.add(index.asInt()));
    assertThat(random).hasSize(half).doesNotContainAnyElementsOf(chosen(description, "code"));
  }

  @Test
  void theSameCorporaGiveTheSameFiles() throws IOException {
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    ProxySelection.write(publicCorpus, domains, DIMENSIONS, PER_KIND, PASSAGE_BYTES, first);
    ProxySelection.write(publicCorpus, domains, DIMENSIONS, PER_KIND, PASSAGE_BYTES, second);

    for (String file : List.of("proxy.jsonl", "proxy.json")) {
      assertThat(Files.readAllBytes(second.resolve(file)))
          .isEqualTo(Files.readAllBytes(first.resolve(file)));
    }
  }

  @Test
  void aSetTooLargeForThePublicCorpusOrAnEmptyCorpusIsRejected() throws IOException {
    Path out = dir.resolve("proxy");
    // Two domains and the random share: three times perDomain must fit in the public passages.
    int tooMany = publicDocuments.size() / 3 + 1;
    assertThatThrownBy(
            () ->
                ProxySelection.write(
                    publicCorpus, domains, DIMENSIONS, tooMany, PASSAGE_BYTES, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("need " + 3 * tooMany + " public passages")
        .hasMessageContaining("has " + publicDocuments.size());
    assertThatThrownBy(
            () -> ProxySelection.write(publicCorpus, domains, DIMENSIONS, 0, PASSAGE_BYTES, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("perDomain");

    Path blank = dir.resolve("blank.jsonl");
    write(blank, List.of(" \n ", "\t"));
    assertThatThrownBy(
            () ->
                ProxySelection.write(
                    publicCorpus, Map.of("blank", blank), DIMENSIONS, PER_KIND, PASSAGE_BYTES, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(blank + " has no passage");
    assertThat(out).doesNotExist();
  }

  private static Set<Integer> chosen(JsonNode description, String domain) {
    Set<Integer> chosen = new TreeSet<>();
    description
        .path("domains")
        .path(domain)
        .path("chosen")
        .forEach(passage -> chosen.add(passage.path("index").asInt()));
    return chosen;
  }

  private static List<Double> probabilities(JsonNode description, String domain) {
    List<Double> probabilities = new ArrayList<>();
    description
        .path("domains")
        .path(domain)
        .path("chosen")
        .forEach(passage -> probabilities.add(passage.path("probability").asDouble()));
    return probabilities;
  }

  /** A domain corpus of documents several passages long. */
  private Path domain(String name, Function<Random, String> kind, Random random)
      throws IOException {
    List<String> documents = new ArrayList<>();
    for (int d = 0; d < 20; d++) {
      StringBuilder document = new StringBuilder();
      for (int part = 0; part < 4; part++) {
        document.append(kind.apply(random)).append('\n');
      }
      documents.add(document.toString());
    }
    Path corpus = dir.resolve(name + ".jsonl");
    write(corpus, documents);
    return corpus;
  }

  private static void write(Path file, List<String> documents) throws IOException {
    Files.createDirectories(file.getParent());
    List<String> lines = new ArrayList<>();
    for (String document : documents) {
      lines.add(JSON.writeValueAsString(Map.of("text", document)));
    }
    Files.write(file, lines);
  }

  private static final List<String> NAMES =
      List.of("total", "count", "items", "values", "result", "index", "buffer", "offset", "score");

  private static String code(Random random) {
    String name = pick(random, NAMES);
    String other = pick(random, NAMES);
    int limit = 2 + random.nextInt(50);
    return CODE_MARK
        + pick(random, List.of("os", "sys", "json", "math", "re"))
        + "\n\ndef compute_"
        + name
        + "("
        + other
        + ", limit="
        + limit
        + "):\n    "
        + name
        + " = []\n    for i, value in enumerate("
        + other
        + "):\n        if value > limit and i % "
        + (2 + random.nextInt(5))
        + " == 0:\n            "
        + name
        + ".append(value * "
        + random.nextInt(10)
        + ")\n    return "
        + name
        + "\n\n\nclass "
        + Character.toUpperCase(other.charAt(0))
        + other.substring(1)
        + "Cache:\n    def __init__(self):\n        self._"
        + name
        + " = {}\n\n    def get(self, key):\n        return self._"
        + name
        + ".get(key, None)\n";
  }

  private static String maths(Random random) {
    int a = 2 + random.nextInt(6);
    int b = 1 + random.nextInt(9);
    String variable = pick(random, List.of("x", "t", "y", "u"));
    return MATHS_MARK
        + "theorem}\nLet $f("
        + variable
        + ") = "
        + variable
        + "^{"
        + a
        + "} + "
        + b
        + variable
        + "$ for $"
        + variable
        + " \\in \\mathbb{R}$. Then\n\\begin{equation}\n  \\int_0^{1} f("
        + variable
        + ")\\,d"
        + variable
        + " = \\frac{1}{"
        + (a + 1)
        + "} + \\frac{"
        + b
        + "}{2}.\n\\end{equation}\n\\end{theorem}\n\\begin{proof}\nBy Lemma~\\ref{lem:"
        + random.nextInt(20)
        + "}, $\\sum_{k=1}^{n} k^{2} = \\frac{n(n+1)(2n+1)}{6}$ and\n\\[ \\lim_{n \\to \\infty}"
        + " \\frac{1}{n^{"
        + a
        + "}} = 0. \\]\n\\end{proof}\n";
  }

  private static String prose(Random random) {
    List<String> subjects =
        List.of(
            "The old farmer",
            "A young teacher",
            "Our neighbours",
            "The city council",
            "Most travellers",
            "The owner of the small bakery",
            "My grandmother",
            "The children from the village");
    List<String> verbs =
        List.of(
            "walked down to",
            "talked for hours about",
            "still remembers",
            "wrote a long letter about",
            "visited",
            "argued over",
            "painted a picture of",
            "complained about");
    List<String> objects =
        List.of(
            "the market by the river",
            "the summer festival",
            "the new bridge",
            "a quiet garden behind the church",
            "the price of bread",
            "the harbour at dawn",
            "the history of the town",
            "an afternoon of heavy rain");
    List<String> endings =
        List.of(
            "before the storm arrived.",
            "after a long day of work.",
            "with great care and patience.",
            "while the bells were ringing.",
            "as everyone had expected.",
            "and nobody could forget it.");
    StringBuilder text = new StringBuilder();
    int sentences = 3 + random.nextInt(4);
    for (int s = 0; s < sentences; s++) {
      text.append(pick(random, subjects))
          .append(' ')
          .append(pick(random, verbs))
          .append(' ')
          .append(pick(random, objects))
          .append(' ')
          .append(pick(random, endings))
          .append(s + 1 < sentences ? " " : "\n");
    }
    return text.toString();
  }

  private static String pick(Random random, List<String> choices) {
    return choices.get(random.nextInt(choices.size()));
  }
}
