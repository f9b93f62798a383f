package dev.flexmoe.data.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.data.Fixtures;
import dev.flexmoe.data.fetch.PackageFiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaximaInfoTest {

  @Test
  void eachNodeIsADocumentWithoutHeaderPreambleTagTableOrIndex() {
    var nodes = MaximaInfo.nodes(Fixtures.text("maxima/maxima.info"));

    assertThat(nodes).hasSize(2);
    assertThat(nodes.get(0))
        .isEqualTo(
            "19.1 Introduction to Limits\n===========================\n\n"
                + "This section covers topics related to limits.");
    assertThat(nodes.get(1))
        .startsWith("19.2 Functions and Variables for Limits\n")
        .contains(" -- Function: limit (<expr>, <x>, <val>, <dir>)")
        .contains("          (%i1) limit (x*log(x), x, 0);");
    assertThat(String.join("\n", nodes))
        .doesNotContain("\u001f", "File: maxima.info", "Tag Table", "makeinfo", "(line 6)");
  }

  @Test
  void readsTheCompressedManualFilesOnly() {
    byte[] info = Fixtures.gzip(Fixtures.bytes("maxima/maxima.info"));
    PackageFiles files =
        new PackageFiles(
            Fixtures.DEBIAN_PACKAGE,
            Map.of(
                "usr/share/info/maxima.info-1.gz", info,
                "usr/share/info/xmaxima.info.gz", info,
                "usr/share/info/maxima/logic.info.gz", info));

    assertThat(MaximaInfo.documents(files)).hasSize(2);
  }
}
