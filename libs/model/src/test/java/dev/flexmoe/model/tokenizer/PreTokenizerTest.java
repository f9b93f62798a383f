package dev.flexmoe.model.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreTokenizerTest {

  @Test
  void cutsLikeGpt2() {
    assertThat(pieces(List.of(), "Hello world's  \n\t end 42x?!"))
        .containsExactly("Hello", " world", "'s", "  \n\t", " end", " 42", "x", "?!");
    assertThat(pieces(List.of(), "東京 café\u00a0ok  "))
        .containsExactly("東京", " café", "\u00a0", "ok", "  ");
  }

  @Test
  void takesSpecialTokensOutFirstLeftmostThenLongest() {
    List<String> specials = List.of("<|a|>", "<|a|><|b|>", "|>");

    assertThat(pieces(specials, "x<|a|><|b|>y |> <|a|>"))
        .containsExactly("x", "[<|a|><|b|>]", "y", " ", "[|>]", " ", "[<|a|>]");
  }

  @Test
  void keepsWhitespaceRunsApartFromTheSpecialToken() {
    assertThat(pieces(List.of(BpeTrainer.END_OF_TEXT), "a  <|endoftext|>  b"))
        .containsExactly("a", "  ", "[<|endoftext|>]", " ", " b");
  }

  private static List<String> pieces(List<String> specials, String text) {
    List<String> pieces = new ArrayList<>();
    new PreTokenizer(specials).split(text, s -> pieces.add("[" + s + "]"), pieces::add);
    return pieces;
  }
}
