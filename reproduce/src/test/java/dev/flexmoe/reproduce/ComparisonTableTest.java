package dev.flexmoe.reproduce;

import static dev.flexmoe.reproduce.SampleResults.DOMAINS;
import static dev.flexmoe.reproduce.SampleResults.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {

  @Test
  void improvementIsPositiveForASystemWithFewerBitsPerByte() {
    ComparisonTable table = SampleResults.comparison();

    assertThat(table.improvementOverBaseline(table.row("FlexOlmo")))
        .isCloseTo(0.31 / 3, offset(1e-12));
    assertThat(table.improvementOverBaseline(table.row("soup"))).isNegative();
  }

  @Test
  void aBaselineWithoutARowIsRefused() {
    assertThatThrownBy(
            () -> new ComparisonTable(DOMAINS, List.of(row("soup", 1.3, 1.05, 0.85)), "public"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no row 'public'");
  }
}
