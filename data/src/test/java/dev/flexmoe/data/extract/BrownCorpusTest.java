package dev.flexmoe.data.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.data.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrownCorpusTest {

  @Test
  void taggedTokensBecomeProseWithOneParagraphPerLine() {
    assertThat(BrownCorpus.detokenize(Fixtures.text("brown/ca01")))
        .isEqualTo(
            """
            The Fulton County Grand Jury said Friday an investigation of Atlanta's recent primary\
             election produced "no evidence" that any irregularities took place.

            The jury further said in term-end presentments that the City Executive Committee,\
             which had over-all charge of the election, "deserves the praise". It was (in part) a\
             test; did it pass?

            Fears prejudicial aspects

            He paid 1/2 of the bill -- not more.""");
  }

  @Test
  void eachCorpusFileIsOneDocumentInFileOrder() {
    var files =
        Fixtures.files(
            Fixtures.NPM_PACKAGE,
            Map.of(
                "package/cb01", "brown/cb01",
                "package/ca01", "brown/ca01",
                "package/cats.txt", "brown/cats.txt"));

    var documents = BrownCorpus.documents(files);

    assertThat(documents).hasSize(2);
    assertThat(documents.get(0)).startsWith("The Fulton County");
    assertThat(documents.get(1)).isEqualTo("She smiled.");
  }

  @Test
  void onlyTheCorpusFilesAreRead() {
    assertThat(BrownCorpus.wanted("package/ca01")).isTrue();
    assertThat(BrownCorpus.wanted("package/cr09")).isTrue();
    assertThat(BrownCorpus.wanted("package/cats.txt")).isFalse();
    assertThat(BrownCorpus.wanted("package/README")).isFalse();
    assertThat(BrownCorpus.wanted("package/CONTENTS")).isFalse();
  }
}
