package dev.flexmoe.model.validation;

import dev.flexmoe.model.ModelWeights;

/**
 * The public model experts are validated against.
 *
 * @param weights its weights (one expert), whose config gives the expert layout
 * @param digest its identity, as {@link dev.flexmoe.model.artifact.HfCheckpoint#digest} computes it
 */
public record AnchorModel(ModelWeights weights, String digest) {

  public AnchorModel {
    if (weights.config().numExperts() != 1) {
      throw new IllegalArgumentException(
          "the anchor is a dense public model, not one with "
              + weights.config().numExperts()
              + " experts");
    }
  }
}
