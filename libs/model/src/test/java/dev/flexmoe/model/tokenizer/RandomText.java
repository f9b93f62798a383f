package dev.flexmoe.model.tokenizer;

import java.util.Random;

/** Seeded random strings that are valid UTF-16 (no unpaired surrogate), hence valid UTF-8. */
final class RandomText {

  /**
   * Ranges assigned since Unicode 6 or earlier, so that Java's regex engine and the runtime's (each
   * with its own Unicode version) agree on which are letters, digits and spaces: controls, spaces
   * of every kind, Latin, combining marks, Greek, Cyrillic, Hebrew, Arabic, Devanagari, kana, CJK,
   * Hangul, digits of other scripts, punctuation, math, emoji and its joiners.
   */
  private static final int[][] SETTLED_RANGES = {
    {0x00, 0x1F},
    {0x20, 0x7E},
    {0x20, 0x7E},
    {0x20, 0x7E},
    {0x7F, 0x9F},
    {0xA0, 0x17F},
    {0x300, 0x36F},
    {0x391, 0x3A9},
    {0x410, 0x44F},
    {0x5D0, 0x5EA},
    {0x621, 0x64A},
    {0x660, 0x669},
    {0x905, 0x939},
    {0x2000, 0x200D},
    {0x2010, 0x2027},
    {0x2028, 0x2029},
    {0x202F, 0x205F},
    {0x2190, 0x22FF},
    {0x3000, 0x3000},
    {0x3041, 0x3094},
    {0x4E00, 0x9FA5},
    {0xAC00, 0xD7A3},
    {0xFE0F, 0xFE0F},
    {0xFF10, 0xFF19},
    {0x1D400, 0x1D454},
    {0x1F300, 0x1F320},
    {0x1F600, 0x1F64F}
  };

  private RandomText() {}

  /** Code points from ranges whose character classes are settled across Unicode versions. */
  static String settled(Random random, int codePoints) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < codePoints; i++) {
      int[] range = SETTLED_RANGES[random.nextInt(SETTLED_RANGES.length)];
      text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
    }
    return text.toString();
  }

  /**
   * Any Unicode scalar value, from every plane: unassigned, private-use and noncharacters included,
   * surrogates excluded (they are not characters; a pair of them is one supplementary code point).
   */
  static String anyScalarValues(Random random, int codePoints) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < codePoints; i++) {
      text.appendCodePoint(anyScalarValue(random));
    }
    return text.toString();
  }

  private static int anyScalarValue(Random random) {
    while (true) {
      int codePoint =
          switch (random.nextInt(4)) {
            case 0 -> random.nextInt(0x80);
            case 1 -> random.nextInt(0x10000);
            case 2 -> 0x10000 + random.nextInt(0x100000);
            default -> settled(random, 1).codePointAt(0);
          };
      if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
        return codePoint;
      }
    }
  }
}
