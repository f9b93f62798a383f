package dev.flexmoe.training.service;

import dev.flexmoe.model.workflow.Corpus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folders whose files a job may read. A path is resolved to where it really is (symbolic links
 * followed) before it is compared, so neither {@code ..} nor a link leads out of them; inside a
 * corpus folder every file is checked the same way.
 */
@ApplicationScoped
public class DataRoots {

  @Inject TrainingConfig config;

  /** The real path of a corpus a job may read; refuses one outside the roots or unreadable. */
  public Path corpus(String path, String field) {
    Path real = inside(path, field);
    if (Files.isDirectory(real)) {
      try (Stream<Path> files = Files.walk(real)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          requireInside(file.toRealPath(), field, file.toString());
        }
      } catch (IOException e) {
        throw new InvalidJobException("unreadable-corpus", field, "cannot list " + path);
      }
    }
    List<String> documents;
    try {
      documents = Corpus.read(real);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      String reason = e.getMessage();
      String code = reason != null && reason.contains("holds no document") ? "empty-corpus" : null;
      throw new InvalidJobException(
          code == null ? "unreadable-corpus" : code, field, path + ": " + reason);
    }
    if (documents.stream().allMatch(String::isBlank)) {
      throw new InvalidJobException("empty-corpus", field, path + " holds only blank documents");
    }
    return real;
  }

  /** The real path of a model folder a job may read. */
  public Path modelFolder(String path, String field) {
    Path real = inside(path, field);
    if (!Files.isDirectory(real)) {
      throw new InvalidJobException("not-a-model", field, path + " is not a model folder");
    }
    return real;
  }

  private Path inside(String path, String field) {
    if (path == null || path.isBlank()) {
      throw new InvalidJobException("required", field, field + " is required");
    }
    Path real;
    try {
      real = Path.of(path).toAbsolutePath().toRealPath();
    } catch (InvalidPathException e) {
      throw new InvalidJobException("invalid-path", field, "'" + path + "' is not a path");
    } catch (IOException e) {
      throw new InvalidJobException("data-not-found", field, "no file or folder " + path);
    }
    requireInside(real, field, path);
    return real;
  }

  private void requireInside(Path real, String field, String shown) {
    for (Path root : config.dataRoots()) {
      if (real.startsWith(realRoot(root))) {
        return;
      }
    }
    throw new InvalidJobException(
        "outside-data-roots",
        field,
        shown + " is outside the data roots this service may read " + config.dataRoots());
  }

  private static Path realRoot(Path root) {
    try {
      return root.toAbsolutePath().toRealPath();
    } catch (IOException e) {
      // A root that does not exist holds nothing; compare with its plain form.
      return root.toAbsolutePath().normalize();
    }
  }
}
