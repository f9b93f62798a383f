package dev.flexmoe.reproduce;

import java.util.ArrayList;
import java.util.List;

/**
 * The result tables as CSV (RFC 4180, a header line, fields with commas or quotes quoted) for
 * spreadsheets and plotting scripts: the numbers of the Markdown tables without their decoration
 * (no bold, no percent signs), {@code n/a} where a system could not be scored.
 */
public final class CsvTables {

  private CsvTables() {}

  /** {@code system, domain..., average, vs <baseline> (%)}: one row per system. */
  public static String comparison(ComparisonTable table) {
    List<String> header = Cells.domainsAndAverage("system", table.domains());
    header.add("vs " + table.baseline() + " (%)");
    Grid grid = new Grid(header);
    for (ScoreRow row : table.rows()) {
      List<String> cells = Cells.scores(row.system(), row, table.domains());
      cells.add(Numbers.signedPercent(table.improvementOverBaseline(row)));
      grid.row(cells);
    }
    return grid.csv();
  }

  /**
   * {@code system}, then for each domain and the average the difference to the reference and its
   * interval's bounds ({@code <domain>}, {@code <domain> low}, {@code <domain> high}).
   */
  public static String differences(DifferenceTable table) {
    List<String> columns = new ArrayList<>(table.domains());
    columns.add("average");
    List<String> header = new ArrayList<>(List.of("system"));
    for (String column : columns) {
      header.addAll(List.of(column, column + " low", column + " high"));
    }
    Grid grid = new Grid(header);
    for (DifferenceTable.Row row : table.rows()) {
      List<String> cells = new ArrayList<>(List.of(row.system()));
      for (String column : columns) {
        Difference difference =
            column.equals("average") ? row.average() : row.byDomain().get(column);
        cells.add(Numbers.bitsPerByteChange(difference.estimate()));
        cells.add(Numbers.bound(difference, difference.low()));
        cells.add(Numbers.bound(difference, difference.high()));
      }
      grid.row(cells);
    }
    return grid.csv();
  }

  /**
   * {@code system, domain..., average}, then the removed expert's own-domain change (absolute and
   * in %) and the largest relative change elsewhere with its domain; those four are empty on the
   * full model's row.
   */
  public static String optOut(OptOutTable table) {
    List<String> header = Cells.domainsAndAverage("system", table.domains());
    header.addAll(
        List.of(
            "own domain change",
            "own domain change (%)",
            "largest other change (%)",
            "largest other domain"));
    Grid grid = new Grid(header);
    List<String> full = Cells.scores("full model", table.full(), table.domains());
    full.addAll(List.of("", "", "", ""));
    grid.row(full);
    List<OptOutEffect> effects = OptOutEffect.of(table);
    for (int j = 0; j < effects.size(); j++) {
      OptOutEffect effect = effects.get(j);
      List<String> cells =
          Cells.scores("without " + effect.removed(), table.without().get(j), table.domains());
      cells.add(Numbers.bitsPerByteChange(effect.ownDomainChange()));
      cells.add(Numbers.signedPercent(effect.ownDomainRelativeChange()));
      cells.add(Numbers.signedPercent(effect.largestOtherRelativeChange()));
      cells.add(effect.largestOtherDomain());
      grid.row(cells);
    }
    return grid.csv();
  }

  /** {@code k, domain..., average}: one row per k. */
  public static String topK(TopKTable table) {
    return Cells.topK(table).csv();
  }

  /** Long form, {@code domain, layer, expert, share (%)}: one row per domain, layer and expert. */
  public static String routing(RoutingTable table) {
    Grid grid = new Grid(List.of("domain", "layer", "expert", "share (%)"));
    for (int d = 0; d < table.domains().size(); d++) {
      for (int layer = 0; layer < table.layers(); layer++) {
        for (int e = 0; e < table.experts().size(); e++) {
          grid.row(
              List.of(
                  table.domains().get(d),
                  String.valueOf(layer),
                  table.experts().get(e),
                  Numbers.percent(table.share()[d][layer][e])));
        }
      }
    }
    return grid.csv();
  }
}
