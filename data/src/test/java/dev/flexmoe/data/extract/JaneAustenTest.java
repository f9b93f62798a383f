package dev.flexmoe.data.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.data.Fixtures;
import dev.flexmoe.data.fetch.PackageFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JaneAustenTest {

  private static final String[] EMMA = {
    "EMMA",
    "",
    "By Jane Austen",
    "",
    "",
    "",
    "VOLUME I",
    "",
    "",
    "",
    "CHAPTER I",
    "",
    "",
    "Emma Woodhouse, handsome, clever, and rich, with a comfortable home",
    "and happy disposition, seemed to unite some of the best blessings",
    "of existence.",
    "",
    "She was the youngest of the two daughters.",
    "",
    "",
    "",
    "CHAPTER II",
    "",
    "",
    "Mr. Weston was a native of Highbury.",
    "",
    "",
    "",
    "VOLUME II",
    "",
    "",
    "",
    "CHAPTER I",
    "",
    "Mr. Knightley called.",
    "",
    "FINIS"
  };

  @Test
  void eachChapterIsADocumentWithParagraphsUnwrapped() {
    assertThat(JaneAusten.chapters(List.of(EMMA)))
        .containsExactly(
            "CHAPTER I\n\nEmma Woodhouse, handsome, clever, and rich, with a comfortable home and"
                + " happy disposition, seemed to unite some of the best blessings of existence."
                + "\n\nShe was the youngest of the two daughters.",
            "CHAPTER II\n\nMr. Weston was a native of Highbury.",
            "CHAPTER I\n\nMr. Knightley called.\n\nFINIS");
  }

  @Test
  void aNovelWithoutChapterHeadingsIsCutAtParagraphsIntoPiecesOfAbout20Kb() {
    List<String> lines = new ArrayList<>();
    String paragraph = "It is a truth universally acknowledged. ".repeat(25).strip(); // 999 chars
    for (int i = 0; i < 50; i++) {
      lines.add(paragraph);
      lines.add("");
    }

    List<String> pieces = JaneAusten.chapters(lines);

    assertThat(pieces).hasSize(3);
    assertThat(pieces.get(0).length())
        .isBetween(JaneAusten.PIECE_CHARS, JaneAusten.PIECE_CHARS + 1100);
    assertThat(String.join("\n\n", pieces))
        .isEqualTo(String.join("\n\n", JaneAusten.paragraphs(lines)));
    assertThat(pieces)
        .allSatisfy(piece -> assertThat(piece).startsWith("It is").endsWith("acknowledged."));
  }

  @Test
  void readsEveryNovelOfTheRDatabaseInOrder() {
    byte[] rdb =
        RSerialized.rdb(
            RSerialized.characterVector(EMMA),
            RSerialized.characterVector(
                "Persuasion", "", "Chapter 1", "", "Sir Walter Elliot, of Kellynch Hall."));
    PackageFiles files = new PackageFiles(Fixtures.DEBIAN_PACKAGE, Map.of(JaneAusten.RDATA, rdb));

    List<String> documents = JaneAusten.documents(files);

    assertThat(documents).hasSize(4);
    assertThat(documents.get(0)).startsWith("CHAPTER I\n\nEmma Woodhouse");
    assertThat(documents.get(3)).isEqualTo("Chapter 1\n\nSir Walter Elliot, of Kellynch Hall.");
  }
}
