package dev.flexmoe.reproduce;

import java.util.List;

/**
 * For each expert j: bits per byte per domain of the merged model with j switched off, beside the
 * full model.
 *
 * @param full the merged model with every expert
 * @param without one row per expert, labelled by the expert's domain, in expert order
 */
public record OptOutTable(List<String> domains, ScoreRow full, List<ScoreRow> without) {

  public OptOutTable {
    domains = List.copyOf(domains);
    without = List.copyOf(without);
  }
}
