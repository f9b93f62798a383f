package dev.flexmoe.reproduce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One system's bits per byte on each domain.
 *
 * @param system the row label, e.g. {@code FlexOlmo (bias dropped)}
 * @param bitsPerByte by domain name, in the table's domain order
 */
public record ScoreRow(String system, Map<String, Double> bitsPerByte) {

  public ScoreRow {
    bitsPerByte = new LinkedHashMap<>(bitsPerByte);
  }

  /** Bits per byte on a domain; a missing domain is an error naming it. */
  public double on(String domain) {
    Double value = bitsPerByte.get(domain);
    if (value == null) {
      throw new IllegalArgumentException(system + " has no score on " + domain);
    }
    return value;
  }

  /** The unweighted mean over the given domains. */
  public double average(List<String> domains) {
    return domains.stream().mapToDouble(this::on).average().orElse(Double.NaN);
  }
}
