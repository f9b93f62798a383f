package dev.flexmoe.registryclient;

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
}
