package dev.flexmoe.registry.service;

/** The expert was withdrawn and no served model version needs its artifact, so it is gone. */
public final class ArtifactReleasedException extends RefusedException {

  public ArtifactReleasedException(String id) {
    super(
        "artifact-released",
        null,
        "expert " + id + " was withdrawn and no served model version needs its artifact");
  }
}
