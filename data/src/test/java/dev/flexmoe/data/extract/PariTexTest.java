package dev.flexmoe.data.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.data.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PariTexTest {

  @Test
  void eachChapterAndSectionIsADocumentWithoutCommentLines() {
    assertThat(PariTex.sections(Fixtures.text("pari/usersch9.tex")))
        .containsExactly(
            "\\chapter{Plotting}\n\nThe functions of this chapter draw in a window.",
            """
            \\section{High-level plotting}
            To plot a function, type \\kbd{ploth(x = -1, 1, sin(x))}; the range
            $[a,b]$ is sampled at \\var{n} points.
            \\subsec{Options} The flag \\kbd{flag} is a binary mask.""",
            "\\section{Low-level plotting}\n\nRectangles are the basic objects:"
                + " \\fun{void}{plotinit}{long w}.");
  }

  @Test
  void readsTheManualsOnlyInPathOrder() {
    var files =
        Fixtures.files(
            Fixtures.DEBIAN_PACKAGE,
            Map.of(
                "usr/share/pari/doc/usersch9.tex", "pari/usersch9.tex",
                "usr/share/pari/doc/develop.tex", "pari/develop.tex",
                "usr/share/pari/doc/refcard.tex", "pari/refcard.tex"));

    var documents = PariTex.documents(files);

    assertThat(documents).hasSize(4);
    assertThat(documents.get(0)).isEqualTo("\\def\\TITLE{Notes}");
    assertThat(documents).noneMatch(document -> document.contains("Ignored"));
  }
}
