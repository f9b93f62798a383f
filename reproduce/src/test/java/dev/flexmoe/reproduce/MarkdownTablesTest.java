package dev.flexmoe.reproduce;

import static dev.flexmoe.reproduce.SampleResults.DOMAINS;
import static dev.flexmoe.reproduce.SampleResults.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTablesTest {

  @Test
  void comparisonBoldsTheBestOfEachColumnAndSignsTheImprovement() {
    String markdown = MarkdownTables.comparison(SampleResults.comparison());

    assertThat(markdown.lines().limit(2))
        .containsExactly(
            "| system | news | code | math | average | vs public |",
            "|:---|---:|---:|---:|---:|---:|");
    assertThat(markdown.lines())
        .contains(
            "| public | 1.200 | 1.000 | 0.800 | 1.000 | 0.0% |",
            // average (1.100 + 0.950 + 0.780) / 3 = 0.9433; (1 - 0.9433) / 1 = +5.7%
            "| BTM | 1.100 | 0.950 | **0.780** | 0.943 | +5.7% |",
            "| soup | 1.300 | 1.050 | 0.850 | 1.067 | -6.7% |",
            "| FlexOlmo | **1.000** | **0.900** | 0.790 | **0.897** | **+10.3%** |");
    assertThat(markdown.lines().skip(7))
        .singleElement()
        .asString()
        .startsWith("_vs public_: relative improvement of the average over public");
  }

  @Test
  void differencesShowTheirIntervalsAndBoldThoseClearOfZero() {
    String markdown = MarkdownTables.differences(SampleResults.differences());

    assertThat(markdown.lines())
        .contains(
            "| system | news | code | math | average |",
            "| BTM | **+0.100 [+0.060, +0.140]** | +0.050 [-0.010, +0.110] |"
                + " -0.010 [-0.030, +0.010] | **+0.046 [+0.012, +0.080]** |");
    assertThat(markdown).contains("minus FlexOlmo's on the same passages", "2000 resamples");
  }

  @Test
  void aDomainOfTooFewPassagesHasNoIntervalAndIsNeverBold() {
    DifferenceTable few =
        new DifferenceTable(
            "FlexOlmo",
            List.of("news"),
            List.of(
                new DifferenceTable.Row(
                    "BTM",
                    new Difference(0.1, 0.1, 0.1, 1),
                    java.util.Map.of("news", new Difference(0.1, 0.1, 0.1, 1)))));
    assertThat(MarkdownTables.differences(few).lines())
        .contains("| BTM | +0.100 [n = 1: no interval] | +0.100 [n = 1: no interval] |");
    assertThat(CsvTables.differences(few).lines()).contains("BTM,+0.100,n/a,n/a,+0.100,n/a,n/a");
  }

  @Test
  void valuesThatPrintTheSameAreBoldTogether() {
    ComparisonTable tied =
        new ComparisonTable(
            List.of("news"),
            List.of(
                row("public", List.of("news"), 1.2),
                row("a", List.of("news"), 1.0001),
                row("b", List.of("news"), 1.0002)),
            "public");

    assertThat(MarkdownTables.comparison(tied).lines())
        .contains("| a | **1.000** | **1.000** | **+16.7%** |")
        .contains("| b | **1.000** | **1.000** | **+16.7%** |");
  }

  @Test
  void aScoreThatIsNotANumberReadsNotAvailable() {
    ComparisonTable table =
        new ComparisonTable(
            DOMAINS,
            List.of(row("public", 1.2, 1.0, 0.8), row("soup", 1.3, 1.05, Double.NaN)),
            "public");

    String markdown = MarkdownTables.comparison(table);

    assertThat(markdown).doesNotContain("NaN");
    assertThat(markdown.lines())
        .contains("| soup | 1.300 | 1.050 | n/a | n/a | n/a |")
        .contains("| public | **1.200** | **1.000** | **0.800** | **1.000** | **0.0%** |");
  }

  @Test
  void optOutShowsEachRemovedExpertsOwnDomainAndTheLargestChangeElsewhere() {
    String markdown = MarkdownTables.optOut(SampleResults.optOut());

    assertThat(markdown.lines())
        .startsWith(
            "| system | news | code | math | average |",
            "|:---|---:|---:|---:|---:|",
            "| full model | 1.000 | 0.900 | 0.790 | 0.897 |",
            "| without news | 1.150 | 0.905 | 0.790 | 0.948 |",
            "| without code | 1.002 | 1.100 | 0.780 | 0.961 |")
        .contains(
            "| removed expert | change on its own domain | relative"
                + " | largest relative change elsewhere |",
            // news: 1.150 - 1.000; elsewhere code (0.905 - 0.900) / 0.900 = +0.56%
            "| news | +0.150 | +15.0% | +0.6% (code) |",
            // code: (1.100 - 0.900) / 0.900 = +22.2%; elsewhere math (0.780 - 0.790) / 0.790
            "| code | +0.200 | +22.2% | -1.3% (math) |");
  }

  @Test
  void topKHasOneRowPerK() {
    assertThat(MarkdownTables.topK(SampleResults.topK()).lines())
        .containsExactly(
            "| k | news | code | math | average |",
            "|:---|---:|---:|---:|---:|",
            "| 1 | 1.050 | 0.920 | 0.800 | 0.923 |",
            "| 2 | 1.000 | 0.900 | 0.790 | 0.897 |");
  }

  @Test
  void routingHasTheMeanOverLayersThenATablePerLayer() {
    String markdown = MarkdownTables.routing(SampleResults.routing());

    assertThat(markdown.lines())
        .startsWith(
            "| domain | public | news |",
            "|:---|---:|---:|",
            "| news | 0.0 | 100.0 |",
            "| code | 100.0 | 0.0 |",
            "| math | 62.5 | 37.5 |")
        .contains("**Layer 0**", "| math | 75.0 | 25.0 |", "**Layer 1**", "| math | 50.0 | 50.0 |")
        .doesNotContain("**Layer 2**");
  }

  @Test
  void aPipeInANameDoesNotSplitTheCell() {
    ComparisonTable table =
        new ComparisonTable(List.of("a|b"), List.of(row("public", List.of("a|b"), 1.0)), "public");

    assertThat(MarkdownTables.comparison(table).lines().findFirst())
        .hasValue("| system | a\\|b | average | vs public |");
  }
}
