package dev.flexmoe.model.validation;

/**
 * One failed check.
 *
 * @param subject what it concerns: a file, a manifest field ({@code expert.json/anchorDigest}), a
 *     tensor ({@code expert.safetensors/layers.0.up_proj.weight}) or {@code probe}
 * @param message what is wrong, for the owner to read
 */
public record Finding(FindingCode code, String subject, String message) {}
