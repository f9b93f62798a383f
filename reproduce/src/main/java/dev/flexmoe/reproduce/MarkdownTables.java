package dev.flexmoe.reproduce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result tables as Markdown, ready to paste into a report: bits per byte with 3 decimals,
 * shares in percent with 1 decimal, {@code n/a} where a system could not be scored. Explaining bits
 * per byte is left to the surrounding text.
 */
public final class MarkdownTables {

  private MarkdownTables() {}

  /**
   * Systems (rows) by domain (columns), with the average and the relative improvement over the
   * baseline; the best value of each column in bold; a caption line saying what the improvement is.
   */
  public static String comparison(ComparisonTable table) {
    List<String> domains = table.domains();
    List<String> header = Cells.domainsAndAverage("system", domains);
    header.add("vs " + table.baseline());

    // values[row][column - 1] beside cells[row][column]: the numbers decide the bold cells.
    int columns = header.size();
    List<String[]> cells = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    for (ScoreRow row : table.rows()) {
      double[] numbers = new double[columns - 1];
      for (int d = 0; d < domains.size(); d++) {
        numbers[d] = row.on(domains.get(d));
      }
      numbers[columns - 3] = row.average(domains);
      numbers[columns - 2] = table.improvementOverBaseline(row);
      String[] text = new String[columns];
      text[0] = row.system();
      for (int c = 0; c < columns - 2; c++) {
        text[c + 1] = Numbers.bitsPerByte(numbers[c]);
      }
      text[columns - 1] = Numbers.relativeChange(numbers[columns - 2]);
      cells.add(text);
      values.add(numbers);
    }
    for (int c = 1; c < columns; c++) {
      boolean higherIsBetter = c == columns - 1; // the improvement; all else is bits per byte
      emboldenBest(cells, values, c, higherIsBetter);
    }

    Grid grid = new Grid(header);
    cells.forEach(text -> grid.row(List.of(text)));
    return grid.markdown()
        + String.format(
            Locale.ROOT,
            "\n_vs %1$s_: relative improvement of the average over %1$s, (%1$s - system) / %1$s;"
                + " positive = fewer bits per byte = better. Bold: the best of each column.\n",
            table.baseline());
  }

  /**
   * The full model and each "without" row by domain, then per removed expert its own-domain change
   * and the largest relative change on any other domain, with a caption line.
   */
  public static String optOut(OptOutTable table) {
    Grid scores = new Grid(Cells.domainsAndAverage("system", table.domains()));
    scores.row(Cells.scores("full model", table.full(), table.domains()));
    for (ScoreRow without : table.without()) {
      scores.row(Cells.scores("without " + without.system(), without, table.domains()));
    }

    Grid effects =
        new Grid(
            List.of(
                "removed expert",
                "change on its own domain",
                "relative",
                "largest relative change elsewhere"));
    for (OptOutEffect effect : OptOutEffect.of(table)) {
      String elsewhere = Numbers.relativeChange(effect.largestOtherRelativeChange());
      if (!effect.largestOtherDomain().isEmpty()) {
        elsewhere += " (" + effect.largestOtherDomain() + ")";
      }
      effects.row(
          List.of(
              effect.removed(),
              Numbers.bitsPerByteChange(effect.ownDomainChange()),
              Numbers.relativeChange(effect.ownDomainRelativeChange()),
              elsewhere));
    }
    return scores.markdown()
        + "\n"
        + effects.markdown()
        + "\nChange: bits per byte with the expert removed minus with every expert, so positive is"
        + " worse; relative changes are against the full model.\n";
  }

  /**
   * Each system's difference to the reference by domain and on average, with its paired-bootstrap
   * 95% interval; in bold where the interval excludes zero.
   */
  public static String differences(DifferenceTable table) {
    List<String> header = Cells.domainsAndAverage("system", table.domains());
    Grid grid = new Grid(header);
    for (DifferenceTable.Row row : table.rows()) {
      List<String> cells = new ArrayList<>(List.of(row.system()));
      for (String domain : table.domains()) {
        cells.add(Numbers.difference(row.byDomain().get(domain), true));
      }
      cells.add(Numbers.difference(row.average(), true));
      grid.row(cells);
    }
    return grid.markdown()
        + String.format(
            Locale.ROOT,
            "\nBits per byte of the system minus %1$s's on the same passages, [95%% interval] of"
                + " a paired bootstrap over passages (%2$d resamples); positive = worse than"
                + " %1$s. Bold: the interval excludes zero. No interval where a domain has fewer"
                + " than %3$d scored passages.\n",
            table.reference(),
            PairedBootstrap.RESAMPLES,
            Difference.MIN_UNITS);
  }

  /** Bits per byte by domain and on average, one row per number of active experts k. */
  public static String topK(TopKTable table) {
    return Cells.topK(table).markdown();
  }

  /**
   * The mean share over layers of each expert (columns) for each domain (rows), then the same table
   * for every layer.
   */
  public static String routing(RoutingTable table) {
    StringBuilder out = new StringBuilder();
    Grid mean = new Grid(Cells.domainAndExperts(table));
    for (int d = 0; d < table.domains().size(); d++) {
      List<String> row = new ArrayList<>();
      row.add(table.domains().get(d));
      for (int e = 0; e < table.experts().size(); e++) {
        row.add(Numbers.percent(table.meanShare(d, e)));
      }
      mean.row(row);
    }
    out.append(mean.markdown())
        .append("\n% of each domain's tokens for which the expert is among the top-k, mean over ")
        .append(table.layers())
        .append(table.layers() == 1 ? " layer" : " layers")
        .append("; a row sums to k × 100.\n");
    for (int layer = 0; layer < table.layers(); layer++) {
      Grid perLayer = new Grid(Cells.domainAndExperts(table));
      for (int d = 0; d < table.domains().size(); d++) {
        List<String> row = new ArrayList<>();
        row.add(table.domains().get(d));
        for (double share : table.share()[d][layer]) {
          row.add(Numbers.percent(share));
        }
        perLayer.row(row);
      }
      out.append("\n**Layer ").append(layer).append("**\n\n").append(perLayer.markdown());
    }
    return out.toString();
  }

  /**
   * Bolds the best cell of a column, and every cell that reads the same once rounded: two systems
   * that print 1.234 are tied as far as the reader can tell.
   */
  private static void emboldenBest(
      List<String[]> cells, List<double[]> values, int column, boolean higherIsBetter) {
    int best = -1;
    for (int r = 0; r < values.size(); r++) {
      double value = values.get(r)[column - 1];
      if (!Double.isFinite(value)) {
        continue;
      }
      double bestValue = best < 0 ? Double.NaN : values.get(best)[column - 1];
      if (best < 0 || (higherIsBetter ? value > bestValue : value < bestValue)) {
        best = r;
      }
    }
    if (best < 0) {
      return;
    }
    String bestText = cells.get(best)[column];
    for (String[] row : cells) {
      if (row[column].equals(bestText)) {
        row[column] = "**" + bestText + "**";
      }
    }
  }
}
