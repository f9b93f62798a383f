package dev.flexmoe.data.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.data.Fixtures;
import dev.flexmoe.data.fetch.PackageFiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DebianReferenceTest {

  @Test
  void eachNumberedSectionIsADocumentAndTheTablesOfContentsAreLeftOut() {
    assertThat(DebianReference.sections(Fixtures.text("reference/debian-reference.en.txt")))
        .containsExactly(
            "Preface\n\nThe Debian Reference is intended to provide a broad overview.",
            "1. Disclaimer\n\nAll warranties are disclaimed.",
            """
            Chapter 1. GNU/Linux tutorials

            1.1. Console basics

            The shell prompt is where you type commands:

            $ ls -l
            total 0

            1.1.1. The shell prompt

            Upon starting the system you are presented with a prompt.""",
            "Chapter 2. Debian package management\n\nDebian is a volunteer organization.",
            "2.1. Debian package management prerequisites\n\nPackages are managed with apt.");
  }

  @Test
  void readsTheCompressedTextEdition() {
    PackageFiles files =
        new PackageFiles(
            Fixtures.DEBIAN_PACKAGE,
            Map.of(
                DebianReference.TEXT,
                Fixtures.gzip(Fixtures.bytes("reference/debian-reference.en.txt"))));

    assertThat(DebianReference.documents(files)).hasSize(5);
  }
}
