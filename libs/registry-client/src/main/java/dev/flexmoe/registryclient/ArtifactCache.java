package dev.flexmoe.registryclient;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Downloaded artifacts on local disk, one directory per verified digest, bounded in bytes: when an
 * entry is admitted past the bound, the least recently used others are deleted. An entry appears
 * complete or not at all (it is staged, then moved in one rename).
 */
@ApplicationScoped
public class ArtifactCache {

  private static final Logger LOG = Logger.getLogger(ArtifactCache.class);

  // Defaults, so that a service that never downloads starts without configuring a cache.
  @ConfigProperty(name = "flexmoe.artifacts.cache-root", defaultValue = ".flexmoe/artifact-cache")
  Path root;

  @ConfigProperty(name = "flexmoe.artifacts.cache-max-bytes", defaultValue = "21474836480")
  long maxBytes;

  /** The entry of {@code key}, marked as just used; empty when it is not cached. */
  public synchronized Optional<Path> lookup(String key) {
    Path entry = entries().resolve(key);
    if (!Files.isDirectory(entry)) {
      return Optional.empty();
    }
    touch(entry);
    return Optional.of(entry);
  }

  /** A new, empty directory to download into before {@link #admit}. */
  public Path stage() {
    try {
      Path staging = Files.createDirectories(root.resolve("staging"));
      return Files.createTempDirectory(staging, "download-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a staging directory under " + root, e);
    }
  }

  /** Moves a complete staged directory in as {@code key}'s entry, then keeps within the bound. */
  public synchronized Path admit(String key, Path staged) {
    Path entry = entries().resolve(key);
    try {
      Files.move(staged, entry, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      discard(staged);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IllegalStateException(
          "the cache's staging and entries must share a file system", e);
    } catch (IOException e) {
      if (!Files.isDirectory(entry)) {
        throw new UncheckedIOException("cannot move " + staged + " into the cache", e);
      }
      discard(staged);
    }
    touch(entry);
    evictBeyondBound(entry);
    return entry;
  }

  /** Deletes a staged directory that will not be admitted. */
  public void discard(Path staged) {
    try {
      PathUtils.deleteDirectory(staged);
    } catch (IOException e) {
      LOG.warnf("cannot delete %s: %s", staged, e.getMessage());
    }
  }

  private void evictBeyondBound(Path keep) {
    List<Path> byLastUse = new ArrayList<>(list());
    byLastUse.sort(Comparator.comparing(ArtifactCache::lastUse));
    long total = byLastUse.stream().mapToLong(ArtifactCache::size).sum();
    for (Path entry : byLastUse) {
      if (total <= maxBytes) {
        return;
      }
      if (!entry.equals(keep)) {
        total -= size(entry);
        LOG.infof("cache over %d bytes: evicting %s", maxBytes, entry.getFileName());
        discard(entry);
      }
    }
  }

  private Path entries() {
    try {
      return Files.createDirectories(root.resolve("entries"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the cache under " + root, e);
    }
  }

  private List<Path> list() {
    try (Stream<Path> entries = Files.list(entries())) {
      return entries.toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the cache under " + root, e);
    }
  }

  private static void touch(Path entry) {
    try {
      Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mark " + entry + " as used", e);
    }
  }

  private static FileTime lastUse(Path entry) {
    try {
      return Files.getLastModifiedTime(entry);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static long size(Path entry) {
    try {
      return PathUtils.sizeOfDirectory(entry);
    } catch (IOException e) {
      return 0;
    }
  }
}
