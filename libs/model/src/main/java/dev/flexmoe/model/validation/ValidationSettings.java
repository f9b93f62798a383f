package dev.flexmoe.model.validation;

/**
 * The thresholds of validation.
 *
 * @param normFactor how far each expert projection's Frobenius norm may be from the public FFN's,
 *     as a factor either way (4: between a quarter and four times); an expert trained from a copy
 *     of the public FFN stays near 1, one scaled by 100 does not
 * @param cosineFloor the smallest cosine similarity of each expert projection to the public FFN's;
 *     training moves an expert away from its starting copy but keeps it well above this, while
 *     weights unrelated to the anchor (random noise) sit near 0
 * @param probeTolerance how many bits per byte worse than the current version (or the public model)
 *     the model with the expert merged in may be on the probe text
 * @param probeTokens how much probe text to score: documents are taken in order until they hold at
 *     least this many tokens (a document is never cut, since bits per byte need its exact bytes)
 */
public record ValidationSettings(
    double normFactor, double cosineFloor, double probeTolerance, int probeTokens) {

  /**
   * Norm factor 4, cosine floor 0.25, probe tolerance 0.1 bits per byte, 16384 probe tokens. At the
   * micro preset an expert trained for 80 steps has norm ratios of 1.15 to 1.2 and cosines above
   * 0.85, one trained for 1000 steps ratios near 2 and cosines near 0.58, while noise has a cosine
   * near 0; merged into the public model (k = 2, no router tuning), a well trained domain expert
   * costs about 0.05 bits per byte on public text.
   */
  public static ValidationSettings defaults() {
    return new ValidationSettings(4.0, 0.25, 0.1, 16_384);
  }

  public ValidationSettings {
    if (!(normFactor > 1)) {
      throw new IllegalArgumentException("normFactor must be above 1, was " + normFactor);
    }
    if (!(cosineFloor > -1 && cosineFloor < 1)) {
      throw new IllegalArgumentException("cosineFloor must be in (-1, 1), was " + cosineFloor);
    }
    if (!(probeTolerance >= 0) || Double.isInfinite(probeTolerance)) {
      throw new IllegalArgumentException(
          "probeTolerance must be a finite number >= 0, was " + probeTolerance);
    }
    if (probeTokens < 1) {
      throw new IllegalArgumentException("probeTokens must be positive, was " + probeTokens);
    }
  }
}
