package dev.flexmoe.reproduce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's smaller setting: the public model and three experts, all four active per token. The
 * three are ours to choose: two technical domains the public corpus lacks and one of prose close to
 * it.
 */
final class FourExperts {

  /** The closed domains of the setting, in the order of {@link FlexMixData#EXPERT_DOMAINS}. */
  static final List<String> DOMAINS = List.of("news", "code", "math");

  /** The columns of its table: the public corpus and the three domains. */
  static final List<String> COLUMNS = List.of("public", "news", "code", "math");

  /** Every expert active: the public one and the three. */
  static final int TOP_K = 4;

  private FourExperts() {}

  /** The entries of {@code byDomain} for the setting's domains, in their order. */
  static <T> Map<String, T> of(Map<String, T> byDomain) {
    Map<String, T> chosen = new LinkedHashMap<>();
    for (String domain : DOMAINS) {
      T value = byDomain.get(domain);
      if (value == null) {
        throw new IllegalStateException("no " + domain + " entry for the four-expert setting");
      }
      chosen.put(domain, value);
    }
    return chosen;
  }
}
