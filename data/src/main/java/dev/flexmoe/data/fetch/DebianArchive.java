package dev.flexmoe.data.fetch;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches a Debian package at its pinned version from the mirror that this machine's apt sources
 * name. {@code apt-get download --print-uris NAME:ARCH=VERSION} gives the mirror URL and the
 * SHA-256 of the signed package index; the {@code .deb} is then fetched over HTTP.
 */
final class DebianArchive {

  /** {@code 'URL' FILENAME SIZE SHA256:HEX}, one line per package. */
  private static final Pattern PRINTED_URI =
      Pattern.compile(
          "^'(?<uri>[^']+)'\\s+(?<file>\\S+)\\s+(?<size>\\d+)\\s+SHA256:(?<sha>[0-9a-f]{64})\\s*$");

  private final Downloads downloads;

  DebianArchive(Downloads downloads) {
    this.downloads = downloads;
  }

  void download(DebianPackage source, Path target, Path cacheDir) throws IOException {
    AptUri uri = parsePrintedUri(source, printUris(source, cacheDir), cacheDir);
    if (!uri.sha256().equals(source.sha256())) {
      throw new IOException(
          "apt's package index lists SHA-256 "
              + uri.sha256()
              + " for "
              + source.pin()
              + ", but FlexMix-lite pins "
              + source.sha256()
              + "; a Debian version never changes its bytes, so the apt sources are not Debian's");
    }
    downloads.getToFile(URI.create(uri.uri()), target);
  }

  /** Runs apt in an empty directory: it prints nothing for a file already in the directory. */
  private static String printUris(DebianPackage source, Path cacheDir) throws IOException {
    Path workDir = Files.createTempDirectory("flexmix-apt");
    try {
      Process apt;
      try {
        apt =
            new ProcessBuilder("apt-get", "download", "--print-uris", source.aptRequest())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .start();
      } catch (IOException e) {
        throw new IOException(
            "cannot run apt-get, which finds Debian packages; on a machine without apt put "
                + source.artifactFileName()
                + " (SHA-256 "
                + source.sha256()
                + ") in "
                + cacheDir,
            e);
      }
      String output = new String(apt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      try {
        if (!apt.waitFor(5, TimeUnit.MINUTES)) {
          apt.destroy();
          throw new IOException("apt-get download --print-uris " + source.aptRequest() + " hung");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while asking apt for " + source.pin(), e);
      }
      return output;
    } finally {
      Files.deleteIfExists(workDir);
    }
  }

  static AptUri parsePrintedUri(DebianPackage source, String aptOutput, Path cacheDir)
      throws IOException {
    List<String> errors = new ArrayList<>();
    for (String line : aptOutput.split("\n")) {
      Matcher matcher = PRINTED_URI.matcher(line.strip());
      if (matcher.matches() && matcher.group("file").equals(source.artifactFileName())) {
        return new AptUri(matcher.group("uri"), matcher.group("sha"));
      }
      if (line.startsWith("E:")) {
        errors.add(line.substring(2).strip());
      }
    }
    throw new IOException(
        "Debian package "
            + source.pin()
            + " ("
            + source.architecture()
            + ") is not available from this machine's apt sources"
            + (errors.isEmpty() ? "" : " (apt-get: " + String.join("; ", errors) + ")")
            + ". FlexMix-lite is pinned to exactly this version: run apt-get update if the"
            + " package lists are old, or fetch "
            + source.artifactFileName()
            + " (SHA-256 "
            + source.sha256()
            + ") from https://snapshot.debian.org and put it in "
            + cacheDir);
  }

  record AptUri(String uri, String sha256) {}
}
