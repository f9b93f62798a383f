package dev.flexmoe.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of {@code tokenizer.json} that other tools read, beyond DJL loading it. */
class TokenizerJsonTest {

  private static final BpeModel MODEL =
      new BpeTrainer(400, 2, List.of(BpeTrainer.END_OF_TEXT, "<|pad|>"))
          .train(TrainingCorpus.documents());

  @Test
  void describesAByteLevelBpeWithSpecialTokensFirst() throws IOException {
    JsonNode json = new ObjectMapper().readTree(MODEL.toTokenizerJson());

    assertThat(json.path("version").asText()).isEqualTo("1.0");
    assertThat(json.path("added_tokens").get(1).toString())
        .isEqualTo(
            "{\"id\":1,\"content\":\"<|pad|>\",\"single_word\":false,\"lstrip\":false,"
                + "\"rstrip\":false,\"normalized\":false,\"special\":true}");
    assertThat(json.path("pre_tokenizer").toString())
        .isEqualTo(
            "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,"
                + "\"use_regex\":true}");
    assertThat(json.path("decoder").path("type").asText()).isEqualTo("ByteLevel");
    JsonNode model = json.path("model");
    assertThat(model.path("type").asText()).isEqualTo("BPE");
    assertThat(model.path("unk_token").isNull()).isTrue();
    assertThat(model.path("byte_fallback").asBoolean()).isFalse();
    JsonNode vocab = model.path("vocab");
    assertThat(vocab.size()).isEqualTo(400);
    assertThat(vocab.path("<|endoftext|>").asInt()).isZero();
    assertThat(vocab.path("Ā").asInt()).as("byte 0").isEqualTo(2);
    assertThat(vocab.path("Ġ").asInt()).as("byte 32, the space").isEqualTo(2 + 32);
    assertThat(vocab.path("ÿ").asInt()).as("byte 255").isEqualTo(2 + 255);
  }

  @Test
  void writesMergesAsSpaceSeparatedPairsInRankOrder() throws IOException {
    JsonNode model = new ObjectMapper().readTree(MODEL.toTokenizerJson()).path("model");
    JsonNode merges = model.path("merges");

    assertThat(merges.size()).isEqualTo(MODEL.merges().size());
    for (int rank = 0; rank < merges.size(); rank++) {
      String[] pair = merges.get(rank).asText().split(" ");
      assertThat(pair).hasSize(2);
      assertThat(model.path("vocab").path(pair[0] + pair[1]).asInt())
          .isEqualTo(MODEL.merges().get(rank).merged())
          .isEqualTo(2 + 256 + rank);
    }
  }
}
