package dev.flexmoe.data.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebianArchiveTest {

  private static final DebianPackage PARI_DOC =
      new DebianPackage(
          "pari-doc",
          "2.15.2-1",
          "all",
          "6806e4ab123811d7234dd3330941a0ab777562708109ccbce7fc8907226deddc",
          List.of());

  @Test
  void takesTheMirrorUrlAndChecksumThatAptPrints() throws Exception {
    String output =
        "'http://deb.debian.org/debian/pool/main/p/pari/pari-doc_2.15.2-1_all.deb'"
            + " pari-doc_2.15.2-1_all.deb 8226444"
            + " SHA256:6806e4ab123811d7234dd3330941a0ab777562708109ccbce7fc8907226deddc\n";

    DebianArchive.AptUri uri = DebianArchive.parsePrintedUri(PARI_DOC, output, Path.of("/cache"));

    assertThat(uri.uri())
        .isEqualTo("http://deb.debian.org/debian/pool/main/p/pari/pari-doc_2.15.2-1_all.deb");
    assertThat(uri.sha256()).isEqualTo(PARI_DOC.sha256());
  }

  @Test
  void aVersionAptNoLongerHasIsNamedInTheError() {
    String output = "E: Version '2.15.2-1' for 'pari-doc' was not found\n";

    assertThatThrownBy(() -> DebianArchive.parsePrintedUri(PARI_DOC, output, Path.of("/cache")))
        .hasMessageContaining("Debian package pari-doc=2.15.2-1 (all) is not available")
        .hasMessageContaining("apt-get: Version '2.15.2-1' for 'pari-doc' was not found")
        .hasMessageContaining("pari-doc_2.15.2-1_all.deb (SHA-256 6806e4ab")
        .hasMessageContaining("/cache");
  }

  @Test
  void namesItsArtifactAsDebianDoes() {
    DebianPackage stdlib =
        new DebianPackage(
            "libpython3.11-stdlib", "3.11.2-6+deb12u8", "amd64", "0".repeat(64), List.of());

    assertThat(stdlib.artifactFileName())
        .isEqualTo("libpython3.11-stdlib_3.11.2-6+deb12u8_amd64.deb");
    assertThat(stdlib.aptRequest()).isEqualTo("libpython3.11-stdlib:amd64=3.11.2-6+deb12u8");
    assertThat(stdlib.pin()).isEqualTo("libpython3.11-stdlib=3.11.2-6+deb12u8");
  }
}
