package dev.flexmoe.reproduce;

import java.util.ArrayList;
import java.util.List;

/** Headers and rows that the Markdown and the CSV tables have in common. */
final class Cells {

  private Cells() {}

  /** {@code label, domain..., average}. */
  static List<String> domainsAndAverage(String label, List<String> domains) {
    List<String> header = new ArrayList<>();
    header.add(label);
    header.addAll(domains);
    header.add("average");
    return header;
  }

  /** A label, then bits per byte on each domain and on average. */
  static List<String> scores(String label, ScoreRow row, List<String> domains) {
    List<String> cells = new ArrayList<>();
    cells.add(label);
    domains.forEach(domain -> cells.add(Numbers.bitsPerByte(row.on(domain))));
    cells.add(Numbers.bitsPerByte(row.average(domains)));
    return cells;
  }

  /** {@code domain, expert...}. */
  static List<String> domainAndExperts(RoutingTable table) {
    List<String> header = new ArrayList<>();
    header.add("domain");
    header.addAll(table.experts());
    return header;
  }

  /** One row per k: bits per byte by domain and on average. */
  static Grid topK(TopKTable table) {
    Grid grid = new Grid(domainsAndAverage("k", table.domains()));
    for (int i = 0; i < table.ks().size(); i++) {
      grid.row(scores(String.valueOf(table.ks().get(i)), table.rows().get(i), table.domains()));
    }
    return grid;
  }
}
