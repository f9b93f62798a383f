package dev.flexmoe.reproduce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small result tables with numbers easy to check by hand: 3 domains, 4 systems, 2 removed experts,
 * k = 1 and 2, 2 experts routed in 2 layers.
 */
final class SampleResults {

  static final List<String> DOMAINS = List.of("news", "code", "math");

  private SampleResults() {}

  static ScoreRow row(String system, double... bitsPerByte) {
    return row(system, DOMAINS, bitsPerByte);
  }

  static ScoreRow row(String system, List<String> domains, double... bitsPerByte) {
    Map<String, Double> scores = new LinkedHashMap<>();
    for (int d = 0; d < domains.size(); d++) {
      scores.put(domains.get(d), bitsPerByte[d]);
    }
    return new ScoreRow(system, scores);
  }

  /**
   * Averages: public 1.000, BTM 0.943 (+5.7%), soup 1.067 (-6.7%), FlexOlmo 0.897 (+10.3%). Best
   * per column: FlexOlmo on news, code and on average; BTM on math.
   */
  static ComparisonTable comparison() {
    return new ComparisonTable(
        DOMAINS,
        List.of(
            row("public", 1.200, 1.000, 0.800),
            row("BTM", 1.100, 0.950, 0.780),
            row("soup", 1.300, 1.050, 0.850),
            row("FlexOlmo", 1.000, 0.900, 0.790)),
        "public");
  }

  /**
   * Without news: news +0.150 (+15.0%), code +0.6% at most elsewhere. Without code: code +0.200
   * (+22.2%), math -1.3% the largest change elsewhere.
   */
  static OptOutTable optOut() {
    return new OptOutTable(
        DOMAINS,
        row("FlexOlmo", 1.000, 0.900, 0.790),
        List.of(row("news", 1.150, 0.905, 0.790), row("code", 1.002, 1.100, 0.780)));
  }

  /** BTM worse than FlexOlmo on news and on average, the interval clear of zero; level on math. */
  static DifferenceTable differences() {
    return new DifferenceTable(
        "FlexOlmo",
        DOMAINS,
        List.of(
            new DifferenceTable.Row(
                "BTM",
                new Difference(0.046, 0.012, 0.080, 40),
                Map.of(
                    "news", new Difference(0.100, 0.060, 0.140, 40),
                    "code", new Difference(0.050, -0.010, 0.110, 40),
                    "math", new Difference(-0.010, -0.030, 0.010, 40)))));
  }

  static TopKTable topK() {
    return new TopKTable(
        DOMAINS,
        List.of(1, 2),
        List.of(row("k = 1", 1.050, 0.920, 0.800), row("k = 2", 1.000, 0.900, 0.790)));
  }

  /** Top-1 routing: news always to the news expert, code always to public, math in between. */
  static RoutingTable routing() {
    double[][][] share = {
      {{0.0, 1.0}, {0.0, 1.0}},
      {{1.0, 0.0}, {1.0, 0.0}},
      {{0.75, 0.25}, {0.5, 0.5}},
    };
    return new RoutingTable(DOMAINS, List.of("public", "news"), share);
  }
}
