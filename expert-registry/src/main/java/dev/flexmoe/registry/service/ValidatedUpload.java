package dev.flexmoe.registry.service;

import dev.flexmoe.model.artifact.ExpertManifest;

/**
 * An upload that passed every check: its manifest, the bytes as uploaded, and its received tensors,
 * waiting to be stored.
 *
 * @param signed whether one of the owner's keys verified a signature over it
 */
public record ValidatedUpload(
    ExpertManifest manifest, String manifestJson, ReceivedFile tensors, boolean signed) {

  public String artifactDigest() {
    return tensors.sha256();
  }

  public long artifactBytes() {
    return tensors.size();
  }
}
