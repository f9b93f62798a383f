package dev.flexmoe.registry.service;

import dev.flexmoe.model.artifact.ExpertManifest;

/**
 * An upload that passed every check: its manifest, the bytes as uploaded, and its received tensors,
 * waiting to be stored.
 *
 * @param signature the signature as received, which one of the owner's keys verified; null when the
 *     owner has no key and the upload is unsigned
 */
public record ValidatedUpload(
    ExpertManifest manifest, byte[] manifestJson, ReceivedFile tensors, String signature) {

  public boolean signed() {
    return signature != null;
  }

  public String artifactDigest() {
    return tensors.sha256();
  }

  public long artifactBytes() {
    return tensors.size();
  }
}
