package dev.flexmoe.model.validation;

import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertSignatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An expert artifact as received, nothing of it trusted yet.
 *
 * @param manifestJson the bytes of {@code expert.json} as uploaded (the signature covers them)
 * @param tensors the {@code expert.safetensors} file
 * @param signature the owner's signature in base64 ({@link ExpertSignatures}), or null if unsigned
 * @param ownerKeys the owner's registered public keys (X.509), empty when the owner has none
 */
public record Submission(
    byte[] manifestJson, Path tensors, String signature, List<byte[]> ownerKeys) {

  public Submission {
    ownerKeys = List.copyOf(ownerKeys);
  }

  /** An artifact directory: its manifest, tensors and, if present, {@code expert.sig}. */
  public static Submission fromDirectory(Path dir, List<byte[]> ownerKeys) {
    try {
      Path signature = dir.resolve(ExpertSignatures.SIGNATURE);
      return new Submission(
          Files.readAllBytes(dir.resolve(ExpertArtifact.MANIFEST)),
          dir.resolve(ExpertArtifact.WEIGHTS),
          Files.exists(signature) ? Files.readString(signature, StandardCharsets.UTF_8) : null,
          ownerKeys);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the expert artifact " + dir, e);
    }
  }
}
