package dev.flexmoe.reproduce;

import java.util.List;

/**
 * The main table: bits per byte per domain (columns) for each system (rows), with each row's
 * average and its relative improvement over the baseline row (the public model).
 *
 * @param domains column order
 * @param rows row order
 * @param baseline the system whose average the improvements are relative to
 */
public record ComparisonTable(List<String> domains, List<ScoreRow> rows, String baseline) {

  public ComparisonTable {
    domains = List.copyOf(domains);
    rows = List.copyOf(rows);
    // The fields are not assigned yet inside this constructor, so row(baseline) cannot check it.
    if (rows.stream().noneMatch(row -> row.system().equals(baseline))) {
      throw new IllegalArgumentException("no row '" + baseline + "' for the baseline");
    }
  }

  public ScoreRow row(String system) {
    return rows.stream()
        .filter(row -> row.system().equals(system))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no row '" + system + "'"));
  }

  /** (baseline average - row average) / baseline average: positive when the row is better. */
  public double improvementOverBaseline(ScoreRow row) {
    double base = row(baseline).average(domains);
    return (base - row.average(domains)) / base;
  }
}
