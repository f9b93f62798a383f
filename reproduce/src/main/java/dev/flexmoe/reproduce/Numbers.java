package dev.flexmoe.reproduce;

import java.util.Locale;

/**
 * How the result files write numbers: fixed decimals in {@link Locale#ROOT} (a decimal point
 * whatever the machine's locale), and {@value #MISSING} for a value that could not be measured.
 */
final class Numbers {

  /** Stands for NaN or an infinite value: a row the pipeline could not score. */
  static final String MISSING = "n/a";

  private Numbers() {}

  /** Bits per byte, 3 decimals: {@code 1.234}. */
  static String bitsPerByte(double value) {
    return fixed(value, 3);
  }

  /** A difference of bits per byte, signed: {@code +0.150}, {@code -0.010}, {@code 0.000}. */
  static String bitsPerByteChange(double delta) {
    return signed(delta, 3);
  }

  /**
   * A difference with its interval: {@code +0.012 [+0.004, +0.020]}, in bold (Markdown) when the
   * interval excludes zero; without one where a domain has too few passages.
   */
  static String difference(Difference difference, boolean markdown) {
    String interval =
        difference.hasInterval()
            ? "["
                + bitsPerByteChange(difference.low())
                + ", "
                + bitsPerByteChange(difference.high())
                + "]"
            : "[n = " + difference.units() + ": no interval]";
    String text = bitsPerByteChange(difference.estimate()) + " " + interval;
    return markdown && difference.excludesZero() ? "**" + text + "**" : text;
  }

  /** An interval's bound, or {@value #MISSING} where there are too few passages for one. */
  static String bound(Difference difference, double bound) {
    return difference.hasInterval() ? bitsPerByteChange(bound) : MISSING;
  }

  /** A fraction in [0, 1] as a percentage without the sign: {@code 0.456} is {@code 45.6}. */
  static String percent(double fraction) {
    return fixed(100 * fraction, 1);
  }

  /** A relative change as a signed percentage number: {@code 0.123} is {@code +12.3}. */
  static String signedPercent(double fraction) {
    return signed(100 * fraction, 1);
  }

  /** A relative change with its unit: {@code +12.3%}; {@code n/a} stays bare. */
  static String relativeChange(double fraction) {
    return Double.isFinite(fraction) ? signedPercent(fraction) + "%" : MISSING;
  }

  private static String fixed(double value, int decimals) {
    return Double.isFinite(value)
        ? String.format(Locale.ROOT, "%." + decimals + "f", value)
        : MISSING;
  }

  /** Signed, except that a value rounding to zero has no sign (no "+0.0" or "-0.0"). */
  private static String signed(double value, int decimals) {
    String plain = fixed(Math.abs(value), decimals);
    if (!Double.isFinite(value) || plain.chars().allMatch(c -> c == '0' || c == '.')) {
      return plain;
    }
    return (value > 0 ? "+" : "-") + plain;
  }
}
