package dev.flexmoe.registryclient;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A public model as the registry lists it.
 *
 * @param files each stored file's name and SHA-256
 */
public record PublicModelInfo(String id, String name, String digest, List<File> files) {

  public record File(String name, String sha256) {}

  public PublicModelInfo {
    files = List.copyOf(files);
  }

  /** A public model as listed by {@code GET /api/v1/public-models}. */
  public static PublicModelInfo of(JsonNode model) {
    List<File> files = new ArrayList<>();
    model
        .path("files")
        .forEach(
            file -> files.add(new File(file.path("name").asText(), file.path("sha256").asText())));
    return new PublicModelInfo(
        model.path("id").asText(),
        model.path("name").asText(),
        model.path("digest").asText(),
        files);
  }

  /** Whether {@code reference} names this model: its digest, its registry id or its name. */
  public boolean isNamedBy(String reference) {
    return digest.equals(reference) || id.equals(reference) || name.equals(reference);
  }
}
