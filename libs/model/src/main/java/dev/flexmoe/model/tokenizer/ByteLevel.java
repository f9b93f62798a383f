package dev.flexmoe.model.tokenizer;

import java.util.Arrays;

/**
 * GPT-2's byte-to-unicode table: every byte value gets one printable character, so a token made of
 * arbitrary bytes (half of a UTF-8 sequence, a space, a control byte) is still a plain JSON string
 * in {@code tokenizer.json}.
 *
 * <p>The printable Latin-1 bytes {@code !..~}, {@code ¡..¬} and {@code ®..ÿ} stand for themselves;
 * the 68 others (controls, space, NBSP, soft hyphen) are shifted to U+0100 and up in byte order, so
 * the space is {@code Ġ} (U+0120). HF's {@code ByteLevel} pre-tokenizer and decoder use the same
 * table; any other mapping would make the runtime tokenize differently from our training.
 */
final class ByteLevel {

  /** {@code SYMBOLS[b]} is the character that stands for byte {@code b}. */
  private static final char[] SYMBOLS = new char[256];

  /** The inverse of {@link #SYMBOLS}; -1 for characters that stand for no byte. */
  private static final int[] BYTES = new int[324];

  static {
    int shifted = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
      SYMBOLS[b] = printable ? (char) b : (char) (256 + shifted++);
    }
    Arrays.fill(BYTES, -1);
    for (int b = 0; b < 256; b++) {
      BYTES[SYMBOLS[b]] = b;
    }
  }

  private ByteLevel() {}

  /** The character that stands for a byte. */
  static char symbol(int unsignedByte) {
    return SYMBOLS[unsignedByte];
  }

  /** The byte a symbol stands for, or -1 if the character is not one of the 256 symbols. */
  static int byteOf(char symbol) {
    return symbol < BYTES.length ? BYTES[symbol] : -1;
  }
}
