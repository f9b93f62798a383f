package dev.flexmoe.registry.service;

import dev.flexmoe.model.artifact.ExpertSignatures;

/** The expert was uploaded unsigned (its owner had registered no key), so it has no signature. */
public final class NoSignatureException extends RefusedException {

  public NoSignatureException(String id) {
    super(
        "no-signature",
        ExpertSignatures.SIGNATURE,
        "expert " + id + " was uploaded without a signature");
  }
}
