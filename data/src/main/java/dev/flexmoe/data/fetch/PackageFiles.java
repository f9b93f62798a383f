package dev.flexmoe.data.fetch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Files read from one package's artifact, by path, in path order. */
public final class PackageFiles {

  private final SourcePackage source;
  private final SortedMap<String, byte[]> files;

  public PackageFiles(SourcePackage source, Map<String, byte[]> files) {
    this.source = source;
    this.files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }

  public SourcePackage source() {
    return source;
  }

  /** Every path read, in (byte-wise) path order: the order documents are taken in. */
  public List<String> paths() {
    return List.copyOf(files.keySet());
  }

  public List<String> paths(Predicate<String> filter) {
    return files.keySet().stream().filter(filter).toList();
  }

  public boolean contains(String path) {
    return files.containsKey(path);
  }

  public byte[] bytes(String path) {
    byte[] bytes = files.get(path);
    if (bytes == null) {
      throw new IllegalStateException(
          source.pin() + " has no file " + path + " (is the pinned version the one extracted?)");
    }
    return bytes.clone();
  }

  /** The file as UTF-8; a malformed byte becomes U+FFFD rather than failing the whole build. */
  public String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }

  /** A gzip-compressed file's content as UTF-8 ({@code .info.gz}, {@code .txt.gz}). */
  public String gunzippedText(String path) {
    try (GzipCompressorInputStream in =
        new GzipCompressorInputStream(new ByteArrayInputStream(bytes(path)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          source.pin() + ": " + path + " is not a readable gzip file", e);
    }
  }
}
