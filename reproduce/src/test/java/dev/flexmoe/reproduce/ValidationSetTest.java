package dev.flexmoe.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flexmoe.model.eval.EncodedDocument;
import dev.flexmoe.model.eval.Ensembles;
import dev.flexmoe.model.workflow.TrainTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every system is scored on: the tokens after each document's routing prefix. */
class ValidationSetTest {

  @TempDir static Path dir;

  private static Path tokenizer;
  private static ValidationSet validation;

  /** Per domain: one long document, one too short to score, in several scripts. */
  @BeforeAll
  static void load() throws IOException {
    Path corpus = dir.resolve("corpus.txt");
    Files.writeString(corpus, String.join("\n", texts("train")).repeat(3), StandardCharsets.UTF_8);
    tokenizer = dir.resolve("tokenizer.json");
    TrainTokenizer.run(corpus, 300, tokenizer);
    Path capped = Files.createDirectories(dir.resolve("capped"));
    for (String domain : FlexMixData.DOMAINS) {
      List<String> lines = new ArrayList<>();
      for (String text : texts(domain)) {
        lines.add("{\"text\": \"" + text + "\"}");
      }
      lines.add("{\"text\": \"short " + domain + "\"}");
      Files.write(capped.resolve(domain + ".jsonl"), lines, StandardCharsets.UTF_8);
    }
    validation = ValidationSet.load(capped, tokenizer);
  }

  private static List<String> texts(String seed) {
    return List.of(
        ("The "
                + seed
                + " report, in plain words: prices rose by 3 percent, the café stayed"
                + " open, naïve forecasts missed it, and Zürich's rates held. ")
            .repeat(3),
        ("def " + seed + "(x): return [y * 2 for y in x if y > 0]  # λ, ∑ and 数据 ").repeat(3));
  }

  @Test
  void aDocumentsTokensAddUpToItsUtf8Length() {
    TokenBytes bytes = TokenBytes.load(tokenizer);
    for (String domain : FlexMixData.DOMAINS) {
      for (EncodedDocument document : validation.of(domain)) {
        assertThat(bytes.of(document.tokens(), 0)).isEqualTo(document.bytes());
      }
    }
  }

  @Test
  void documentsNoLongerThanTheRoutingPrefixAreLeftOut() {
    for (String domain : FlexMixData.DOMAINS) {
      assertThat(validation.of(domain)).hasSize(2);
      assertThat(validation.of(domain))
          .allSatisfy(
              d -> assertThat(d.tokens().length).isGreaterThan(ValidationSet.PREFIX_TOKENS));
    }
  }

  @Test
  void thePrefixIsScoredForNoSystem() {
    // Two systems that agree after the prefix and disagree wildly on it score the same.
    Map<String, List<float[]>> sharpOnPrefix = logProbs(0f, -1f);
    Map<String, List<float[]>> hopelessOnPrefix = logProbs(-1000f, -1f);
    DocumentScores a = validation.score(sharpOnPrefix);
    DocumentScores b = validation.score(hopelessOnPrefix);
    TokenBytes bytes = TokenBytes.load(tokenizer);
    for (String domain : FlexMixData.DOMAINS) {
      assertThat(a.on(domain).bits()).containsExactly(b.on(domain).bits());
      List<EncodedDocument> documents = validation.of(domain);
      for (int d = 0; d < documents.size(); d++) {
        int[] tokens = documents.get(d).tokens();
        assertThat(a.on(domain).bits()[d])
            .isCloseTo((tokens.length - ValidationSet.PREFIX_TOKENS) / Math.log(2), within(1e-6));
        assertThat(a.on(domain).bytes()[d])
            .isEqualTo(bytes.of(tokens, ValidationSet.PREFIX_TOKENS))
            .isLessThan(documents.get(d).bytes());
      }
    }
  }

  @Test
  void aBaselineThatRoutesOnThePrefixGainsNothingFromHavingPredictedIt() {
    // Candidate 0 knows the prefix perfectly (the domain "leaks" into it) and is poor after it;
    // candidate 1 is mediocre throughout. Classifier routing picks 0 on the prefix, and is scored
    // as 0 on the rest only: the certainty it routed with is not in its score.
    Map<String, List<float[]>> leaky = logProbs(0f, -5f);
    Map<String, List<float[]>> steady = logProbs(-3f, -3f);
    Map<String, List<float[]>> classifier = new LinkedHashMap<>();
    for (String domain : FlexMixData.DOMAINS) {
      List<float[]> routed = new ArrayList<>();
      for (int d = 0; d < validation.of(domain).size(); d++) {
        routed.add(
            Ensembles.classifierRouted(
                List.of(leaky.get(domain).get(d), steady.get(domain).get(d))));
        assertThat(routed.get(d)).isSameAs(leaky.get(domain).get(d));
      }
      classifier.put(domain, routed);
    }
    DocumentScores scored = validation.score(classifier);
    DocumentScores steadyAlone = validation.score(steady);
    for (String domain : FlexMixData.DOMAINS) {
      double bitsPerByte = scored.on(domain).bitsPerByte();
      // 5 nats per scored token, nothing for the prefix it was sure of.
      double expected = 0;
      long bytes = 0;
      for (int d = 0; d < validation.of(domain).size(); d++) {
        expected +=
            5 * (validation.of(domain).get(d).tokens().length - ValidationSet.PREFIX_TOKENS);
        bytes += scored.on(domain).bytes()[d];
      }
      assertThat(bitsPerByte).isCloseTo(expected / Math.log(2) / bytes, within(1e-9));
      assertThat(bitsPerByte).isGreaterThan(steadyAlone.on(domain).bitsPerByte());
    }
  }

  @Test
  void mixedWindowsJoinTwoDomainsHalvesAndScoreThemApart() {
    List<EncodedDocument> windows = validation.of(ValidationSet.MIXED);
    List<String> domains = FlexMixData.DOMAINS;
    int perPair = Math.min(MixedWindows.PER_PAIR, 2); // two long documents per domain here
    assertThat(windows).hasSize(domains.size() * (domains.size() - 1) * perPair);
    int[] first = windows.get(0).tokens();
    assertThat(first).hasSize(2 * MixedWindows.HALF);
    assertThat(Arrays.copyOfRange(first, 0, MixedWindows.HALF))
        .containsExactly(
            Arrays.copyOfRange(
                validation.of(domains.get(0)).get(0).tokens(), 0, MixedWindows.HALF));
    assertThat(Arrays.copyOfRange(first, MixedWindows.HALF, 2 * MixedWindows.HALF))
        .containsExactly(
            Arrays.copyOfRange(
                validation.of(domains.get(1)).get(0).tokens(), 0, MixedWindows.HALF));

    List<float[]> logProbs = new ArrayList<>();
    for (EncodedDocument window : windows) {
      float[] values = new float[window.tokens().length];
      Arrays.fill(values, 0, MixedWindows.HALF, -1f);
      Arrays.fill(values, MixedWindows.HALF, values.length, -2f);
      logProbs.add(values);
    }
    DocumentScores halves = validation.scoreMixed(logProbs);
    TokenBytes bytes = TokenBytes.load(tokenizer);
    DocumentScores.Domain a = halves.on(ValidationSet.FIRST_HALF);
    DocumentScores.Domain b = halves.on(ValidationSet.SECOND_HALF);
    for (int w = 0; w < windows.size(); w++) {
      int[] tokens = windows.get(w).tokens();
      assertThat(a.bits()[w])
          .isCloseTo((MixedWindows.HALF - ValidationSet.PREFIX_TOKENS) / Math.log(2), within(1e-6));
      assertThat(b.bits()[w]).isCloseTo(2 * MixedWindows.HALF / Math.log(2), within(1e-6));
      assertThat(a.bytes()[w])
          .isEqualTo(bytes.of(tokens, ValidationSet.PREFIX_TOKENS, MixedWindows.HALF));
      assertThat(a.bytes()[w] + b.bytes()[w])
          .isEqualTo(windows.get(w).bytes() - bytes.of(tokens, 0, ValidationSet.PREFIX_TOKENS));
    }
  }

  /** Every document's log-probabilities: {@code prefix} on its first tokens, {@code rest} after. */
  private static Map<String, List<float[]>> logProbs(float prefix, float rest) {
    Map<String, List<float[]>> byDomain = new LinkedHashMap<>();
    for (String domain : FlexMixData.DOMAINS) {
      List<float[]> documents = new ArrayList<>();
      for (EncodedDocument document : validation.of(domain)) {
        float[] values = new float[document.tokens().length];
        Arrays.fill(values, rest);
        Arrays.fill(values, 0, ValidationSet.PREFIX_TOKENS, prefix);
        documents.add(values);
      }
      byDomain.put(domain, documents);
    }
    return byDomain;
  }
}
