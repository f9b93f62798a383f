package dev.flexmoe.model.train;

/**
 * Learning rate: linear warm-up from 0 to the peak over {@code warmupSteps}, then a cosine decay to
 * {@code minRate} at {@code totalSteps}.
 */
public record CosineSchedule(double peakRate, double minRate, int warmupSteps, int totalSteps) {

  public CosineSchedule {
    if (!(peakRate > 0) || minRate < 0 || minRate > peakRate) {
      throw new IllegalArgumentException("need 0 <= min rate <= peak rate, peak > 0");
    }
    if (warmupSteps < 0 || totalSteps <= 0 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException("need 0 <= warm-up steps <= total steps, total > 0");
    }
  }

  /** The rate for step {@code step} (0-based). */
  public double rate(int step) {
    if (step < warmupSteps) {
      return peakRate * (step + 1) / warmupSteps;
    }
    int decaySteps = Math.max(1, totalSteps - warmupSteps);
    double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
    return minRate + 0.5 * (peakRate - minRate) * (1 + Math.cos(Math.PI * progress));
  }
}
