package dev.flexmoe.registry.service;

/**
 * A request the registry's rules refuse, raised before anything is stored, so a refusal never
 * leaves a row, a blob or an event behind. {@code code} is a stable, machine-readable name of what
 * went wrong; {@code field} the part, JSON path or tensor it concerns, or null. Each subclass is
 * one kind of refusal; the api turns it into problem details.
 */
public abstract sealed class RefusedException extends RuntimeException
    permits ArtifactReleasedException,
        ConflictException,
        ExpertNotFoundException,
        InvalidUploadException,
        MalformedRequestException,
        NoSignatureException,
        NotPermittedException,
        PublicModelNotFoundException {

  private final String code;
  private final String field;

  RefusedException(String code, String field, String message) {
    super(message);
    this.code = code;
    this.field = field;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }
}
