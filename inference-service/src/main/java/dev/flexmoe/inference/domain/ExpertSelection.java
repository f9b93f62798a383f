package dev.flexmoe.inference.domain;

import java.util.List;
import java.util.Set;

/**
 * A request's own choice of experts ({@code flexmoe.experts}): only the listed ones, or all but the
 * listed ones, within what the policies allow. The public expert is always in.
 */
public record ExpertSelection(Set<String> include, Set<String> exclude) {

  public static ExpertSelection everything() {
    return new ExpertSelection(null, Set.of());
  }

  public ExpertSelection {
    exclude = exclude == null ? Set.of() : Set.copyOf(exclude);
    include = include == null ? null : Set.copyOf(include);
  }

  public boolean wants(String expertId) {
    return (include == null || include.contains(expertId)) && !exclude.contains(expertId);
  }

  /** The experts it names, to check that the served version has them. */
  public List<String> named() {
    return java.util.stream.Stream.concat(
            include == null ? java.util.stream.Stream.empty() : include.stream(), exclude.stream())
        .sorted()
        .toList();
  }
}
