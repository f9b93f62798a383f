package dev.flexmoe.data.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.data.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateOfTheUnionTest {

  @Test
  void audienceReactionsAreDroppedAndTheSpeechKept() {
    String speech = StateOfTheUnion.clean(Fixtures.text("sotu/2010_barack_obama_d.txt"));

    assertThat(speech)
        .isEqualTo(
            "Madam Speaker, Members of Congress: Our Constitution declares that from time to time"
                + " the President shall give information about the state of our Union. We will not"
                + " quit. They cheered. The nation is strong. The applause of a free people is"
                + " earned, not given. Thank you.");
  }

  @Test
  void eachSpeechIsOneDocumentInYearOrder() {
    var files =
        Fixtures.files(
            Fixtures.NPM_PACKAGE,
            Map.of(
                "package/data/2010_barack_obama_d.txt", "sotu/2010_barack_obama_d.txt",
                "package/data/1790_george_washington_n.txt", "sotu/1790_george_washington_n.txt",
                "package/data/1790_george_washington_n.json",
                    "sotu/1790_george_washington_n.json"));

    var documents = StateOfTheUnion.documents(files);

    assertThat(documents).hasSize(2);
    assertThat(documents.get(0)).startsWith("Fellow-Citizens of the Senate");
    assertThat(documents.get(1)).startsWith("Madam Speaker").doesNotContain("[");
  }
}
