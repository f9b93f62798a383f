package dev.flexmoe.registry.service;

import dev.flexmoe.servicekit.problem.CodedException;

/**
 * A request the registry's rules refuse, raised before anything is stored, so a refusal never
 * leaves a row, a blob or an event behind. {@code code} is a stable, machine-readable name of what
 * went wrong; {@code field} the part, JSON path or tensor it concerns, or null. Each subclass is
 * one kind of refusal; the api turns it into problem details.
 */
public abstract sealed class RefusedException extends CodedException
    permits ArtifactReleasedException,
        ConflictException,
        ExpertNotFoundException,
        InvalidUploadException,
        MalformedRequestException,
        NoSignatureException,
        NotPermittedException,
        PublicModelNotFoundException {

  RefusedException(String code, String field, String message) {
    super(code, field, message);
  }
}
