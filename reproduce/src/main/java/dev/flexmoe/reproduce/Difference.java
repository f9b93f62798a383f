package dev.flexmoe.reproduce;

/**
 * A difference of bits per byte, system minus reference, with its 95% confidence interval: positive
 * means the system needs more bits than the reference, i.e. is worse.
 *
 * @param low the 2.5th percentile of the bootstrap distribution
 * @param high the 97.5th percentile
 * @param units the fewest scored passages of any domain it was measured on
 */
public record Difference(double estimate, double low, double high, int units) {

  /** Below this many passages a domain's interval says nothing: one passage gives zero width. */
  public static final int MIN_UNITS = 5;

  /** Whether there are enough passages for the interval to mean something. */
  public boolean hasInterval() {
    return units >= MIN_UNITS;
  }

  /** Whether the interval excludes zero: the two systems are told apart at the 95% level. */
  public boolean excludesZero() {
    return hasInterval() && (low > 0 || high < 0);
  }
}
