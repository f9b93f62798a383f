package dev.flexmoe.registry.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an expert is in its lifecycle: {@code SUBMITTED → VALIDATED | REJECTED}, {@code VALIDATED →
 * ACTIVE} once a published model version contains it, and {@code → WITHDRAWN} by its owner from any
 * state but {@code WITHDRAWN}. Validation itself runs in the merge service, which answers with
 * ExpertValidated or ExpertRejected.
 */
public enum ExpertState {
  SUBMITTED,
  VALIDATED,
  REJECTED,
  ACTIVE,
  WITHDRAWN;

  /** Whether an expert in this state may move to {@code next}. */
  public boolean canMoveTo(ExpertState next) {
    return successors().contains(next);
  }

  private Set<ExpertState> successors() {
    return switch (this) {
      case SUBMITTED -> EnumSet.of(VALIDATED, REJECTED, WITHDRAWN);
      case VALIDATED -> EnumSet.of(ACTIVE, WITHDRAWN);
      case REJECTED, ACTIVE -> EnumSet.of(WITHDRAWN);
      case WITHDRAWN -> EnumSet.noneOf(ExpertState.class);
    };
  }
}
