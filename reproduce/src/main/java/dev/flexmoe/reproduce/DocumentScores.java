package dev.flexmoe.reproduce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One system's score of every scored validation document: its bits and the UTF-8 bytes they are
 * spread over, per domain in document order. Bits per byte are sums over documents, so that the
 * paired bootstrap can resample documents.
 */
final class DocumentScores {

  /** One domain: {@code bits[d]} over {@code bytes[d]} for document {@code d}. */
  record Domain(double[] bits, long[] bytes) {

    Domain {
      if (bits.length != bytes.length) {
        throw new IllegalArgumentException(
            bits.length + " documents' bits but " + bytes.length + " documents' bytes");
      }
    }

    int documents() {
      return bits.length;
    }

    double bitsPerByte() {
      double total = 0;
      long length = 0;
      for (int d = 0; d < bits.length; d++) {
        total += bits[d];
        length += bytes[d];
      }
      return total / length;
    }
  }

  private final Map<String, Domain> byDomain;

  DocumentScores(Map<String, Domain> byDomain) {
    this.byDomain = new LinkedHashMap<>(byDomain);
  }

  Domain on(String domain) {
    Domain scores = byDomain.get(domain);
    if (scores == null) {
      throw new IllegalArgumentException("no scores on " + domain);
    }
    return scores;
  }

  /** The table's row: bits per byte on each domain. */
  ScoreRow row(String system, List<String> domains) {
    Map<String, Double> bits = new LinkedHashMap<>();
    for (String domain : domains) {
      bits.put(domain, on(domain).bitsPerByte());
    }
    return new ScoreRow(system, bits);
  }
}
