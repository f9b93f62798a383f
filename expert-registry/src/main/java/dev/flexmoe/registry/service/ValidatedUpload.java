package dev.flexmoe.registry.service;

import dev.flexmoe.model.artifact.ExpertManifest;
import java.nio.file.Path;

/**
 * An upload that passed every check: its manifest, the bytes as uploaded, and where its tensors
 * wait to be stored.
 *
 * @param signed whether one of the owner's keys verified a signature over it
 */
public record ValidatedUpload(
    ExpertManifest manifest,
    String manifestJson,
    Path tensors,
    String artifactDigest,
    long artifactBytes,
    boolean signed) {}
