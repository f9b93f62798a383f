package dev.flexmoe.data.fetch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Reads the files of an npm tarball ({@code .tgz}) or a Debian package ({@code .deb}: an ar archive
 * whose {@code data.tar.*} member holds the installed files) without installing anything.
 */
public final class PackageArchives {

  private PackageArchives() {}

  /** Reads the regular files of {@code artifact} whose path {@code wanted} accepts. */
  public static PackageFiles read(SourcePackage source, Path artifact, Predicate<String> wanted)
      throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(artifact))) {
      return source instanceof DebianPackage
          ? readDeb(source, in, wanted)
          : readNpmTarball(source, in, wanted);
    }
  }

  public static PackageFiles readNpmTarball(
      SourcePackage source, InputStream tgz, Predicate<String> wanted) throws IOException {
    return new PackageFiles(source, readTar(new GzipCompressorInputStream(tgz), wanted));
  }

  public static PackageFiles readDeb(
      SourcePackage source, InputStream deb, Predicate<String> wanted) throws IOException {
    ArArchiveInputStream ar = new ArArchiveInputStream(deb);
    ArArchiveEntry entry;
    while ((entry = ar.getNextEntry()) != null) {
      String member = entry.getName();
      if (member.startsWith("data.tar")) {
        InputStream data =
            switch (member) {
              case "data.tar" -> ar;
              case "data.tar.xz" -> new XZCompressorInputStream(ar);
              case "data.tar.gz" -> new GzipCompressorInputStream(ar);
              default ->
                  throw new IOException(
                      source.pin()
                          + ": unsupported compression of "
                          + member
                          + " (data.tar, .xz and .gz are read)");
            };
        return new PackageFiles(source, readTar(data, wanted));
      }
    }
    throw new IOException(source.pin() + ": no data.tar member; is it a Debian package?");
  }

  private static Map<String, byte[]> readTar(InputStream tarStream, Predicate<String> wanted)
      throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(tarStream);
    Map<String, byte[]> files = new HashMap<>();
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      // Links are skipped: a symbolic link's target is read under its own path.
      if (!entry.isFile() || entry.isLink() || entry.isSymbolicLink()) {
        continue;
      }
      String path = normalize(entry.getName());
      if (wanted.test(path)) {
        files.put(path, tar.readAllBytes());
      }
    }
    return files;
  }

  /** {@code ./usr/share/x} and {@code /usr/share/x} are both {@code usr/share/x}. */
  static String normalize(String entryName) {
    String path = entryName;
    while (path.startsWith("./") || path.startsWith("/")) {
      path = path.substring(path.indexOf('/') + 1);
    }
    return path;
  }
}
