package dev.flexmoe.data.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flexmoe.data.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;

class PackageArchivesTest {

  @Test
  void readsTheWantedFilesOfAnNpmTarball() throws IOException {
    byte[] tgz = gzip(tar("package/README", "Brown corpus", "package/ca01", "The/at jury/nn"));

    PackageFiles files =
        PackageArchives.readNpmTarball(
            Fixtures.NPM_PACKAGE, new ByteArrayInputStream(tgz), path -> path.endsWith("ca01"));

    assertThat(files.paths()).containsExactly("package/ca01");
    assertThat(files.text("package/ca01")).isEqualTo("The/at jury/nn");
  }

  @Test
  void readsTheInstalledFilesOfADebianPackageWithoutLinks() throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    try (OutputStream xz = new XZCompressorOutputStream(data)) {
      xz.write(
          tar(
              "./usr/share/doc/pari-doc/copyright", "GPL-2+",
              "./usr/share/pari/doc/develop.tex", "\\section{A}",
              "./usr/share/pari/doc/users.tex", null));
    }
    byte[] deb =
        ar(
            "debian-binary",
            "2.0\n".getBytes(StandardCharsets.US_ASCII),
            "control.tar.xz",
            new byte[0],
            "data.tar.xz",
            data.toByteArray());

    PackageFiles files =
        PackageArchives.readDeb(
            Fixtures.DEBIAN_PACKAGE,
            new ByteArrayInputStream(deb),
            path -> path.startsWith("usr/"));

    assertThat(files.paths())
        .containsExactly("usr/share/doc/pari-doc/copyright", "usr/share/pari/doc/develop.tex");
    assertThat(files.text("usr/share/pari/doc/develop.tex")).isEqualTo("\\section{A}");
  }

  @Test
  void aDebianPackageWithoutDataIsRefused() {
    byte[] deb = ar("debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(
            () ->
                PackageArchives.readDeb(
                    Fixtures.DEBIAN_PACKAGE, new ByteArrayInputStream(deb), path -> true))
        .hasMessageContaining("fixture-deb=1.0-1: no data.tar member");
  }

  @Test
  void aMissingFileIsNamedWithThePackage() {
    PackageFiles files = new PackageFiles(Fixtures.DEBIAN_PACKAGE, java.util.Map.of());

    assertThatThrownBy(() -> files.text("usr/share/x"))
        .hasMessageContaining("fixture-deb=1.0-1 has no file usr/share/x");
  }

  /** A tar of (name, content) pairs; a null content makes a symbolic link to the previous file. */
  private static byte[] tar(String... namesAndContents) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        String name = namesAndContents[i];
        String content = namesAndContents[i + 1];
        if (content == null) {
          TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
          link.setLinkName("develop.tex");
          tar.putArchiveEntry(link);
        } else {
          byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
          TarArchiveEntry entry = new TarArchiveEntry(name);
          entry.setSize(bytes.length);
          tar.putArchiveEntry(entry);
          tar.write(bytes);
        }
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gzip = new GzipCompressorOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] ar(Object... namesAndContents) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        byte[] content = (byte[]) namesAndContents[i + 1];
        ar.putArchiveEntry(new ArArchiveEntry((String) namesAndContents[i], content.length));
        ar.write(content);
        ar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
