package dev.flexmoe.model.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The tokenizer of a flexmoe model: a {@code tokenizer.json} run by the Hugging Face tokenizers
 * library (native, through DJL), so that Java and Python users of the same file get the same ids.
 *
 * <p>Encoding adds nothing: no BOS/EOS, no padding, no truncation (DJL would otherwise cut at 512
 * tokens); a special token written in the text is encoded as its id. Decoding keeps special tokens,
 * so {@code decode(encode(s))} is {@code s} for any valid text. Holds native memory: close it.
 */
public final class FlexTokenizer implements AutoCloseable {

  private static final Map<String, String> OPTIONS =
      Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

  private final HuggingFaceTokenizer tokenizer;
  private final int vocabSize;
  private final long eosId;

  private FlexTokenizer(HuggingFaceTokenizer tokenizer, int vocabSize, long eosId) {
    this.tokenizer = tokenizer;
    this.vocabSize = vocabSize;
    this.eosId = eosId;
  }

  /**
   * Loads a {@code tokenizer.json} that has {@link BpeTrainer#END_OF_TEXT} among its added tokens,
   * as {@link BpeTrainer} writes it.
   */
  public static FlexTokenizer load(Path tokenizerJson) throws IOException {
    JsonNode root = new ObjectMapper().readTree(tokenizerJson.toFile());
    long maxId = -1;
    Long eos = null;
    for (JsonNode added : root.path("added_tokens")) {
      maxId = Math.max(maxId, added.path("id").asLong());
      if (BpeTrainer.END_OF_TEXT.equals(added.path("content").asText())) {
        eos = added.path("id").asLong();
      }
    }
    for (JsonNode id : root.path("model").path("vocab")) {
      maxId = Math.max(maxId, id.asLong());
    }
    if (eos == null) {
      throw new IllegalArgumentException(
          tokenizerJson
              + " has no added token "
              + BpeTrainer.END_OF_TEXT
              + ", which flexmoe models use as end of text: train it with BpeTrainer's default"
              + " special tokens");
    }
    HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, OPTIONS);
    return new FlexTokenizer(tokenizer, Math.toIntExact(maxId + 1), eos);
  }

  /** The ids of a text. */
  public long[] encode(String text) {
    return tokenizer.encode(text, false, false).getIds();
  }

  /**
   * The text of ids. Ids that end inside a UTF-8 sequence decode to U+FFFD, so decode a whole
   * sequence rather than token by token.
   */
  public String decode(long[] ids) {
    for (long id : ids) {
      if (id < 0 || id >= vocabSize) {
        throw new IllegalArgumentException(
            "token id " + id + " is outside this vocabulary (0 to " + (vocabSize - 1) + ")");
      }
    }
    return tokenizer.decode(ids, false);
  }

  /** The number of token ids: every id is below it (the embedding table's row count). */
  public int vocabSize() {
    return vocabSize;
  }

  /** The id of {@link BpeTrainer#END_OF_TEXT}, which ends a document. */
  public long eosId() {
    return eosId;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
