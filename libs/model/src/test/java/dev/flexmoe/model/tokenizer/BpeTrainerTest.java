package dev.flexmoe.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BpeTrainerTest {

  @Test
  void reachesTheConfiguredVocabularySize() {
    BpeModel model = new BpeTrainer(1024).train(TrainingCorpus.documents());

    assertThat(model.vocabSize()).isEqualTo(1024);
    assertThat(model.tokens()).doesNotHaveDuplicates();
    assertThat(model.tokens().get(0)).isEqualTo(BpeTrainer.END_OF_TEXT);
    assertThat(model.tokens().get(1 + ' ')).isEqualTo("Ġ");
    assertThat(model.tokens().get(1 + 'a')).isEqualTo("a");
  }

  @Test
  void stopsEarlyWhenNoPairIsFrequentEnough() {
    BpeModel model = new BpeTrainer(4096).train(List.of("abab abab", "xyz"));

    // "a b" (4 times), then "ab ab" (twice); "Ġ abab" and "x y" occur once, below the default 2.
    assertThat(model.vocabSize()).isEqualTo(1 + 256 + 2);
    assertThat(model.tokens().subList(257, 259)).containsExactly("ab", "abab");
  }

  @Test
  void trainsTheSameTokenizerTwice() {
    byte[] first = new BpeTrainer(1024).train(TrainingCorpus.documents()).toTokenizerJson();
    byte[] second = new BpeTrainer(1024).train(TrainingCorpus.documents()).toTokenizerJson();

    assertThat(second).isEqualTo(first);
  }

  @Test
  void takesTheMostFrequentPairThenTheSmallestIds() {
    BpeTrainer oneMerge = new BpeTrainer(1 + 256 + 1, 1, List.of(BpeTrainer.END_OF_TEXT));

    assertThat(oneMerge.train(List.of("cd", "ab")).tokens().get(257)).isEqualTo("ab");
    assertThat(oneMerge.train(List.of("cd", "ab", "cd")).tokens().get(257)).isEqualTo("cd");
  }

  @Test
  void learnsWhatRecountingEveryPairAfterEveryMergeLearns() {
    List<String> documents = new ArrayList<>(TrainingCorpus.documents());
    documents.add("aaaaaaa bbbbbbbb abababab aaabbbaaabbb"); // overlapping occurrences
    documents.add(" hi hi hi hi"); // merges into "Ġhi", which the special token below owns
    List<String> specials = List.of(BpeTrainer.END_OF_TEXT, "Ġhi");
    for (int vocabSize : new int[] {300, 1024}) {
      for (int minFrequency : new int[] {1, 3}) {
        byte[] fast =
            new BpeTrainer(vocabSize, minFrequency, specials).train(documents).toTokenizerJson();
        byte[] slow = recountingTrainer(vocabSize, minFrequency, specials, documents);

        assertThat(new String(fast, StandardCharsets.UTF_8))
            .as("vocabSize %d, minFrequency %d", vocabSize, minFrequency)
            .isEqualTo(new String(slow, StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void neverMergesIntoASpecialToken() {
    // The text " hi" is "Ġhi" in byte symbols, which this special token already owns.
    BpeModel model =
        new BpeTrainer(300, 1, List.of(BpeTrainer.END_OF_TEXT, "Ġhi")).train(List.of(" hi hi hi"));

    assertThat(model.tokens()).doesNotHaveDuplicates().endsWith("Ġh");
    assertThat(model.merges()).containsExactly(new BpeModel.Merge(2 + ' ', 2 + 'h', 258));
  }

  @Test
  void rejectsImpossibleSettings() {
    assertThatThrownBy(() -> new BpeTrainer(256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "vocabSize 256 is too small: the special tokens and the 256 byte symbols alone take"
                + " 257");
    assertThatThrownBy(() -> new BpeTrainer(300, 0, List.of()))
        .hasMessage("minFrequency must be at least 1, not 0");
    assertThatThrownBy(() -> new BpeTrainer(300, 2, List.of("x")))
        .hasMessage(
            "special token 'x' is also the symbol of byte 120: choose a longer one such as '<|x|>'");
    assertThatThrownBy(() -> new BpeTrainer(300, 2, List.of("")))
        .hasMessage("a special token must not be empty");
    assertThatThrownBy(() -> new BpeTrainer(300, 2, List.of("<s>", "<s>")))
        .hasMessage("special tokens must be distinct: [<s>, <s>]");
  }

  /**
   * The textbook algorithm, with no incremental state: count every pair of every piece, merge the
   * most frequent everywhere, repeat. Same tie-break and special-token rule as {@link BpeTrainer}.
   */
  private static byte[] recountingTrainer(
      int vocabSize, int minFrequency, List<String> specials, List<String> documents) {
    Map<String, Integer> pieceCounts = new HashMap<>();
    PreTokenizer preTokenizer = new PreTokenizer(specials);
    for (String document : documents) {
      preTokenizer.split(
          document, special -> {}, piece -> pieceCounts.merge(piece, 1, Integer::sum));
    }
    List<List<Integer>> pieces = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    pieceCounts.forEach(
        (piece, count) -> {
          List<Integer> ids = new ArrayList<>();
          for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
            ids.add(specials.size() + (b & 0xFF));
          }
          pieces.add(ids);
          counts.add(count);
        });
    List<String> tokens = new ArrayList<>(specials);
    for (int b = 0; b < 256; b++) {
      tokens.add(String.valueOf(ByteLevel.symbol(b)));
    }
    List<BpeModel.Merge> merges = new ArrayList<>();
    Set<List<Integer>> done = new HashSet<>();
    while (tokens.size() < vocabSize) {
      Map<List<Integer>, Long> pairCounts = new HashMap<>();
      for (int p = 0; p < pieces.size(); p++) {
        List<Integer> ids = pieces.get(p);
        for (int i = 0; i + 1 < ids.size(); i++) {
          pairCounts.merge(List.of(ids.get(i), ids.get(i + 1)), (long) counts.get(p), Long::sum);
        }
      }
      List<Integer> best = null;
      long bestCount = 0;
      for (Map.Entry<List<Integer>, Long> e : pairCounts.entrySet()) {
        List<Integer> pair = e.getKey();
        if (done.contains(pair)) {
          continue;
        }
        boolean better =
            best == null
                || e.getValue() > bestCount
                || (e.getValue() == bestCount
                    && (pair.get(0) < best.get(0)
                        || (pair.get(0).equals(best.get(0)) && pair.get(1) < best.get(1))));
        if (better) {
          best = pair;
          bestCount = e.getValue();
        }
      }
      if (best == null || bestCount < minFrequency) {
        break;
      }
      done.add(best);
      String merged = tokens.get(best.get(0)) + tokens.get(best.get(1));
      if (specials.contains(merged)) {
        continue;
      }
      int id = tokens.indexOf(merged);
      if (id < 0) {
        id = tokens.size();
        tokens.add(merged);
      }
      merges.add(new BpeModel.Merge(best.get(0), best.get(1), id));
      for (List<Integer> ids : pieces) {
        for (int i = 0; i + 1 < ids.size(); i++) {
          if (ids.get(i).equals(best.get(0)) && ids.get(i + 1).equals(best.get(1))) {
            ids.set(i, id);
            ids.remove(i + 1);
          }
        }
      }
    }
    return new BpeModel(specials, tokens, merges).toTokenizerJson();
  }
}
