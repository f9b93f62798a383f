package dev.flexmoe.model.artifact;

/** An {@code expert.json} that is not a valid manifest; {@link #field()} names what is wrong. */
public class InvalidManifestException extends IllegalArgumentException {

  private final String field;

  public InvalidManifestException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The JSON path of the offending field, e.g. {@code anchorDigest}; empty for the whole file. */
  public String field() {
    return field;
  }
}
