package dev.flexmoe.data.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DomainSplitTest {

  private static List<String> numbered(int count, int size) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(i -> ("document " + i + " ").repeat(size / 12 + 1).strip())
        .toList();
  }

  @Test
  void everyTenthDocumentGoesToValidation() {
    DomainSplit split = DomainSplit.of(numbered(25, 10), Long.MAX_VALUE, Long.MAX_VALUE, 20);

    assertThat(split.validation()).containsExactly("document 10", "document 20");
    assertThat(split.train()).hasSize(23).noneMatch(split.validation()::contains);
  }

  @Test
  void theSplitIsDecidedBeforeCapping() {
    List<String> documents = numbered(100, 1000);
    DomainSplit uncapped = DomainSplit.of(documents, Long.MAX_VALUE, Long.MAX_VALUE, 20);
    DomainSplit capped = DomainSplit.of(documents, 20_000, 3_000, 20);

    // Capping only leaves documents out; none changes side.
    assertThat(uncapped.train()).containsAll(capped.train());
    assertThat(uncapped.validation()).containsAll(capped.validation());
    assertThat(capped.validation())
        .isNotEmpty()
        .allMatch(text -> text.startsWith("document "))
        .allSatisfy(text -> assertThat(Integer.parseInt(text.split(" ")[1]) % 10).isZero());
  }

  @Test
  void duplicateLinesAreRemovedAfterTheirFirstOccurrenceAcrossBothSides() {
    String footer = "Irish Linux Users' Group mailing list footer";
    List<String> documents = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      documents.add("Message number " + i + " has its own text.\nThanks,\n\n" + footer);
    }

    DomainSplit split = DomainSplit.of(documents, Long.MAX_VALUE, Long.MAX_VALUE, 20);

    assertThat(split.train().get(0)).endsWith("Thanks,\n\n" + footer);
    assertThat(split.train().subList(1, 9))
        .allSatisfy(text -> assertThat(text).doesNotContain(footer).endsWith("Thanks,"));
    assertThat(split.validation()).containsExactly("Message number 10 has its own text.\nThanks,");
    assertThat(split.duplicates().removedLines()).isEqualTo(9);
  }

  @Test
  void aDocumentLeftEmptyByDuplicateRemovalIsDropped() {
    String line = "a line long enough to count as a duplicate";
    DomainSplit split =
        DomainSplit.of(List.of(line, line, "another document entirely"), 1000, 1000, 20);

    assertThat(split.train()).containsExactly(line, "another document entirely");
  }

  @Test
  void aDocumentLeftEqualToAnEarlierOneIsDroppedSoValidationNeverRepeatsTraining() {
    List<String> documents = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      // Message 10 (validation) repeats message 3 (training): only short lines are left of it.
      documents.add(i == 3 || i == 10 ? "Carcooning\n\n-Bill" : "Post " + i);
    }

    DomainSplit split = DomainSplit.of(documents, Long.MAX_VALUE, Long.MAX_VALUE, 20);

    assertThat(split.train()).contains("Carcooning\n\n-Bill");
    assertThat(split.validation()).isEmpty();
    assertThat(split.beforeCap().duplicateDocuments()).isEqualTo(1);
  }

  @Test
  void capKeepsWholeDocumentsWithinTheCapSpreadOverTheSource() {
    List<String> documents = numbered(100, 1000); // about 100 KB

    List<String> capped = DomainSplit.cap(documents, 20_000);

    assertThat(DomainSplit.bytes(capped)).isLessThanOrEqualTo(20_000).isGreaterThan(15_000);
    assertThat(documents).containsSubsequence(capped);
    // Spread over the source: neither its head only nor its tail only.
    assertThat(capped.get(0)).doesNotStartWith("document 1 ");
    assertThat(documents.indexOf(capped.get(capped.size() - 1))).isGreaterThanOrEqualTo(90);
  }

  @Test
  void capKeepsEverythingUnderTheCap() {
    List<String> documents = numbered(5, 100);

    assertThat(DomainSplit.cap(documents, 1_000_000)).isEqualTo(documents);
  }
}
