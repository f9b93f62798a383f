package dev.flexmoe.data.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.data.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DebianHandbookTest {

  private static final String EN = "usr/share/doc/debian-handbook/html/en-US/";

  @Test
  void aPageBecomesParagraphsListItemsAndPreformattedText() {
    assertThat(DebianHandbook.pageText(Fixtures.text("handbook/sect.apt-get.html")))
        .isEqualTo(
            """
            6.2. aptitude, apt-get, and apt Commands

            APT is a vast project. Its front ends:

            - apt-get, the first one;

            - apt, a second one.

            # apt update
            Reading package lists...
              Done

            Then
            install.""");
  }

  @Test
  void pagesAreReadInTheOrderOfTheirNextLinksWithoutNavigation() {
    var files =
        Fixtures.files(
            Fixtures.DEBIAN_PACKAGE,
            Map.of(
                EN + "index.html", "handbook/index.html",
                EN + "orphan.html", "handbook/orphan.html",
                EN + "preface.html", "handbook/preface.html",
                EN + "sect.apt-get.html", "handbook/sect.apt-get.html"));

    var documents = DebianHandbook.documents(files);

    assertThat(documents)
        .hasSize(3)
        .noneMatch(page -> page.contains("Download the ebook") || page.contains("Prev"));
    assertThat(documents.get(0))
        .isEqualTo("Preface\n\nDebian is a very successful operating system.");
    assertThat(documents.get(1)).startsWith("6.2. aptitude");
    assertThat(documents.get(2)).isEqualTo("A page no link leads to.");
  }

  @Test
  void onlyTheEnglishPagesAreRead() {
    assertThat(DebianHandbook.wanted(EN + "sect.apt-get.html")).isTrue();
    assertThat(DebianHandbook.wanted(EN + "Common_Content/css/default.css")).isFalse();
    assertThat(DebianHandbook.wanted(EN + "images/apt.html")).isFalse();
    assertThat(DebianHandbook.wanted("usr/share/doc/debian-handbook/html/fr-FR/apt.html"))
        .isFalse();
  }
}
