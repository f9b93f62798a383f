package dev.flexmoe.data;

import dev.flexmoe.data.fetch.DebianPackage;
import dev.flexmoe.data.fetch.NpmPackage;
import dev.flexmoe.data.fetch.PackageFiles;
import dev.flexmoe.data.fetch.SourcePackage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Hand-written fixtures under src/test/resources/fixtures, and packages made of them. */
public final class Fixtures {

  public static final NpmPackage NPM_PACKAGE =
      new NpmPackage("fixture-npm", "1.0.0", "0".repeat(64), List.of("package/LICENSE"));

  public static final DebianPackage DEBIAN_PACKAGE =
      new DebianPackage("fixture-deb", "1.0-1", "all", "1".repeat(64), List.of());

  private Fixtures() {}

  public static byte[] bytes(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String resource) {
    return new String(bytes(resource), StandardCharsets.UTF_8);
  }

  /** A package whose files are fixtures: package path → fixture resource. */
  public static PackageFiles files(SourcePackage source, Map<String, String> pathToResource) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    pathToResource.forEach((path, resource) -> files.put(path, bytes(resource)));
    return new PackageFiles(source, files);
  }

  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
