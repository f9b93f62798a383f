package dev.flexmoe.model.validation;

import dev.flexmoe.model.artifact.ExpertWeights;
import java.util.List;

/**
 * The model version being served, as the experts merged onto the anchor.
 *
 * @param experts in router-row order
 * @param names the experts' names, in the same order
 * @param topK experts active per token; the candidate with the new expert keeps it
 */
public record CurrentVersion(List<ExpertWeights> experts, List<String> names, int topK) {

  public CurrentVersion {
    experts = List.copyOf(experts);
    names = List.copyOf(names);
    if (experts.size() != names.size()) {
      throw new IllegalArgumentException(
          experts.size() + " experts but " + names.size() + " names");
    }
  }
}
