package dev.flexmoe.reproduce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each system's difference to a reference system, with paired-bootstrap 95% intervals: on the
 * average over the domains and on each domain.
 *
 * @param reference the system every row is compared with, e.g. FlexOlmo
 * @param rows in the order of the systems
 */
public record DifferenceTable(String reference, List<String> domains, List<Row> rows) {

  /** One system: its difference on the average and on each domain. */
  public record Row(String system, Difference average, Map<String, Difference> byDomain) {

    public Row {
      byDomain = new LinkedHashMap<>(byDomain);
    }
  }

  public DifferenceTable {
    domains = List.copyOf(domains);
    rows = List.copyOf(rows);
  }

  /** The paired differences of {@code system} to {@code reference} on every domain. */
  static Row row(
      String system,
      DocumentScores scores,
      DocumentScores reference,
      List<String> domains,
      PairedBootstrap bootstrap) {
    Map<String, Difference> byDomain = new LinkedHashMap<>();
    for (String domain : domains) {
      byDomain.put(domain, bootstrap.difference(scores, reference, List.of(domain)));
    }
    return new Row(system, bootstrap.difference(scores, reference, domains), byDomain);
  }
}
