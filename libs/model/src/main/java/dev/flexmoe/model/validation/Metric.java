package dev.flexmoe.model.validation;

/** The measurements a {@link ValidationReport} carries, by their stable keys. */
public enum Metric {
  /** The smallest ratio of an expert projection's Frobenius norm to the public FFN's. */
  NORM_RATIO_MIN("normRatioMin"),
  /** The largest such ratio. */
  NORM_RATIO_MAX("normRatioMax"),
  /** The smallest cosine similarity of an expert projection to the public FFN's. */
  COSINE_TO_PUBLIC_MIN("cosineToPublicMin"),
  /** Bits per byte on the probe text of the current version (or the public model). */
  PROBE_BITS_PER_BYTE_WITHOUT("probeBitsPerByteWithout"),
  /** Bits per byte on the probe text once the expert is merged in. */
  PROBE_BITS_PER_BYTE_WITH("probeBitsPerByteWith"),
  /** The tokens of probe text scored. */
  PROBE_TOKENS("probeTokens"),
  /** The owner's declared bits per byte of the expert on their held-out text. */
  DECLARED_VALIDATION_BITS_PER_BYTE("validationBitsPerByte"),
  /** The owner's declared bits per byte of the public model on the same text. */
  DECLARED_PUBLIC_VALIDATION_BITS_PER_BYTE("publicValidationBitsPerByte");

  private final String key;

  Metric(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }
}
