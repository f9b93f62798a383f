package dev.flexmoe.model.validation;

/** Why an expert artifact is refused; {@link #code()} is the stable name events and APIs carry. */
public enum FindingCode {
  /** The tensors' SHA-256 is not the expected digest, or not the one their manifest names. */
  DIGEST_MISMATCH("digest-mismatch"),
  /** The owner has a key and the artifact is unsigned, or its signature does not verify. */
  SIGNATURE_INVALID("signature-invalid"),
  /** {@code expert.json} does not parse or breaks the manifest's rules. */
  MANIFEST_INVALID("manifest-invalid"),
  /** The manifest names another public model than the one validated against. */
  ANCHOR_MISMATCH("anchor-mismatch"),
  /** A tensor the public model's expert layout requires is absent. */
  TENSOR_MISSING("tensor-missing"),
  /** A tensor that has no place in an expert artifact. */
  TENSOR_UNEXPECTED("tensor-unexpected"),
  /** A tensor, or the manifest's echo of the model shape, differs from the public model's. */
  TENSOR_SHAPE("tensor-shape"),
  /** A tensor's dtype is not one a model loads exactly (float32 or float16). */
  TENSOR_DTYPE("tensor-dtype"),
  /** A float tensor holds NaN or an infinity. */
  NON_FINITE("non-finite"),
  /** The tensor file is no valid safetensors file; the tensor-level checks could not run. */
  UNREADABLE("unreadable"),
  /** A projection's Frobenius norm is outside the allowed factor of the public FFN's. */
  NORM_OUT_OF_RANGE("norm-out-of-range"),
  /**
   * A projection's cosine similarity to the public FFN is below the floor: experts start as a copy
   * of the public FFN, so one that no longer resembles it was not trained from this anchor.
   */
  UNRELATED_TO_ANCHOR("unrelated-to-anchor"),
  /**
   * Merging the expert makes the model worse on the public probe text than the tolerance allows.
   */
  PROBE_REGRESSION("probe-regression"),
  /** The manifest's validation bits per byte are not below the public model's. */
  NO_GAIN_OVER_PUBLIC("no-gain-over-public"),
  /** The manifest declares no validation bits per byte (or not the public model's beside it). */
  METRIC_MISSING("metric-missing");

  private final String code;

  FindingCode(String code) {
    this.code = code;
  }

  /** The kebab-case name, e.g. {@code digest-mismatch}. */
  public String code() {
    return code;
  }
}
