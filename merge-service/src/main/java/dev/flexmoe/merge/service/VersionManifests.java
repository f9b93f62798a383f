package dev.flexmoe.merge.service;

import dev.flexmoe.model.artifact.Digests;
import dev.flexmoe.model.artifact.ModelVersionManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The digest a version's event names: that of the manifest file its export carries. */
final class VersionManifests {

  private VersionManifests() {}

  static String digest(ModelVersionManifest manifest) {
    try {
      Path file = Files.createTempFile("model-version-", ".json");
      try {
        manifest.write(file);
        return Digests.sha256(file);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a version manifest to a temporary file", e);
    }
  }
}
