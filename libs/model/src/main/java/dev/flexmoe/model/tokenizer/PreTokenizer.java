package dev.flexmoe.model.tokenizer;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts text into the pieces the BPE model sees, exactly as the HF runtime does with our {@code
 * tokenizer.json}: special tokens first, then GPT-2's regex on the text between them. Merges never
 * cross a piece boundary, so training must cut where the runtime cuts, or it learns merges the
 * runtime can never apply.
 */
final class PreTokenizer {

  /**
   * The regex of HF's {@code ByteLevel} pre-tokenizer (use_regex=true). HF runs it with Oniguruma,
   * whose {@code \s} is Unicode White_Space; Java's {@code \s} needs UNICODE_CHARACTER_CLASS for
   * that. The two engines agree on {@code \p{L}} and {@code \p{N}} for every code point assigned in
   * both of their Unicode versions. Every character is matched by one of the last five
   * alternatives, so the matches tile the text with no gaps.
   */
  private static final Pattern GPT2_SPLIT =
      Pattern.compile(
          "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
          Pattern.UNICODE_CHARACTER_CLASS);

  /** Longest first, so that at one position the longest special token wins, as in HF. */
  private final String[] specials;

  PreTokenizer(List<String> specialTokens) {
    specials =
        specialTokens.stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toArray(String[]::new);
  }

  /**
   * Cuts {@code text}: each special token goes to {@code special}, each regex piece of the text
   * between them to {@code piece}, in text order. A special token is matched leftmost first, then
   * longest, anywhere in the text, as HF's added vocabulary does for tokens that skip
   * normalization.
   */
  void split(String text, Consumer<String> special, Consumer<String> piece) {
    // The next occurrence of each special token at or after `start` (or -1), refreshed lazily so a
    // long text with many special tokens is still scanned once per token kind.
    int[] next = new int[specials.length];
    Arrays.fill(next, -2);
    int start = 0;
    while (true) {
      int at = -1;
      String found = null;
      for (int k = 0; k < specials.length; k++) {
        if (next[k] != -1 && next[k] < start) {
          next[k] = text.indexOf(specials[k], start);
        }
        if (next[k] >= 0 && (at < 0 || next[k] < at)) {
          at = next[k];
          found = specials[k];
        }
      }
      int end = at < 0 ? text.length() : at;
      Matcher matcher = GPT2_SPLIT.matcher(text).region(start, end);
      while (matcher.find()) {
        piece.accept(matcher.group());
      }
      if (found == null) {
        return;
      }
      special.accept(found);
      start = at + found.length();
    }
  }
}
