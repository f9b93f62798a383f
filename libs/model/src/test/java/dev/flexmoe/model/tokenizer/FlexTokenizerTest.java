package dev.flexmoe.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trained {@code tokenizer.json}, run by the HF runtime through DJL. */
class FlexTokenizerTest {

  private static final List<String> SAMPLES =
      List.of(
          "",
          " ",
          "   ",
          "\n",
          "\t",
          "Hello, world!",
          "  leading and trailing spaces  ",
          "\ttabs\tand\nnew\r\nlines\n\n",
          "   \n   x  \n",
          "naïve café — 東京 🙂",
          "e\u0301 n\u0303 A\u030a: combining marks",
          "👨‍👩‍👧 👍🏽 🇫🇷 ❤️",
          "controls \u0000\u0001\u001b\u001c\u001f\u007f\u0085\u009f",
          "it's we're they've I'm you'll he'd 's 't IT'S",
          "x = math.exp(-1.5e-9)  # π ≈ 3.14159",
          "\\frac{1}{2} \\sum_{i=1}^{n} x_i^2 = \\mathcal{O}(n)",
          "1234567890 3.14159 1,000,000 ٣٤٥ ²³",
          "\u00a0nbsp\u2009thin\u3000ideographic\u202fnarrow",
          "\u2028line\u2029paragraph\u0085next",
          "\uFEFFbyte order mark",
          "\uFFFF\uFFFE noncharacters \uDBFF\uDFFF",
          "مرحبا שלום नमस्ते Привет Καλημέρα 안녕하세요",
          "a<|endoftext|>b",
          "<|endoftext|><|endoftext|> <|endoftext|>\n",
          "<|endoftext <|endoftext| endoftext|> <|",
          "<<|endoftext|>>");

  @TempDir static Path dir;

  private static Path tokenizerJson;
  private static FlexTokenizer tokenizer;

  @BeforeAll
  static void train() throws IOException {
    tokenizerJson = dir.resolve("tokenizer.json");
    new BpeTrainer(1024).train(TrainingCorpus.documents()).writeTokenizerJson(tokenizerJson);
    tokenizer = FlexTokenizer.load(tokenizerJson);
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  /** Every byte is a token, so nothing is unknown and nothing is lost, whatever the text. */
  @Test
  void decodesWhatItEncodes() {
    Random random = new Random(42);
    List<String> texts = new ArrayList<>(SAMPLES);
    texts.addAll(TrainingCorpus.documents());
    for (int i = 0; i < 300; i++) {
      texts.add(RandomText.anyScalarValues(random, random.nextInt(60)));
    }
    for (String text : texts) {
      assertThat(tokenizer.decode(tokenizer.encode(text)))
          .as("%s", Arrays.toString(text.codePoints().toArray()))
          .isEqualTo(text);
    }
  }

  /**
   * The runtime's ids are those of plain rank-ordered merging over {@link PreTokenizer}'s pieces:
   * the runtime cuts text where training did. Random text is drawn from {@link RandomText#settled},
   * where Java's and the runtime's Unicode tables agree.
   */
  @Test
  void encodesLikeTheMergesSay() throws IOException {
    ReferenceEncoder reference = new ReferenceEncoder(tokenizerJson);
    Random random = new Random(7);
    List<String> texts = new ArrayList<>(SAMPLES);
    texts.addAll(TrainingCorpus.documents());
    for (int i = 0; i < 300; i++) {
      texts.add(RandomText.settled(random, random.nextInt(60)));
    }
    for (String text : texts) {
      assertThat(tokenizer.encode(text))
          .as("%s", Arrays.toString(text.codePoints().toArray()))
          .containsExactly(reference.encode(text));
    }
  }

  @Test
  void compressesTheTrainingText() {
    long tokens = 0;
    long bytes = 0;
    for (String document : TrainingCorpus.documents()) {
      tokens += tokenizer.encode(document).length;
      bytes += document.getBytes(StandardCharsets.UTF_8).length;
    }
    // Measured: 0.39 tokens per byte.
    assertThat((double) tokens / bytes).isLessThan(0.5);
  }

  @Test
  void knowsItsVocabulary() {
    assertThat(tokenizer.vocabSize()).isEqualTo(1024);
    assertThat(tokenizer.eosId()).isZero();
  }

  @Test
  void encodesTheEndOfTextTokenAsItsId() {
    long eos = tokenizer.eosId();
    long[] one = tokenizer.encode("one");
    long[] two = tokenizer.encode("two");

    assertThat(tokenizer.encode(BpeTrainer.END_OF_TEXT)).containsExactly(eos);
    assertThat(tokenizer.encode("one<|endoftext|>two"))
        .containsExactly(concat(one, new long[] {eos}, two));
    assertThat(tokenizer.decode(new long[] {eos, eos})).isEqualTo("<|endoftext|><|endoftext|>");
  }

  /** DJL's default would cut every text at 512 tokens. */
  @Test
  void neverTruncates() {
    String text = String.join(" ", TrainingCorpus.documents()).repeat(3);
    long[] ids = tokenizer.encode(text);
    assertThat(ids.length).isGreaterThan(2000);
    assertThat(tokenizer.decode(ids)).isEqualTo(text);
  }

  @Test
  void rejectsIdsOutsideTheVocabulary() {
    assertThatThrownBy(() -> tokenizer.decode(new long[] {5, 1024}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token id 1024 is outside this vocabulary (0 to 1023)");
  }

  @Test
  void refusesATokenizerWithoutEndOfText() throws IOException {
    Path other = dir.resolve("no-eos.json");
    new BpeTrainer(300, 2, List.of("<|pad|>"))
        .train(TrainingCorpus.documents())
        .writeTokenizerJson(other);
    assertThatThrownBy(() -> FlexTokenizer.load(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no added token <|endoftext|>");
  }

  private static long[] concat(long[]... parts) {
    return Arrays.stream(parts).flatMapToLong(LongStream::of).toArray();
  }
}
