package dev.flexmoe.reproduce;

import java.util.List;

/**
 * Bits per byte of the merged model as the number of active experts per token varies.
 *
 * @param rows one per k, labelled {@code k = 1} ..., in increasing k
 * @param ks the k of each row
 */
public record TopKTable(List<String> domains, List<Integer> ks, List<ScoreRow> rows) {

  public TopKTable {
    domains = List.copyOf(domains);
    ks = List.copyOf(ks);
    rows = List.copyOf(rows);
    if (ks.size() != rows.size()) {
      throw new IllegalArgumentException("one row per k");
    }
  }
}
