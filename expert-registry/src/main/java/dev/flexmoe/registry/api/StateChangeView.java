package dev.flexmoe.registry.api;

import dev.flexmoe.registry.domain.ExpertState;
import dev.flexmoe.registry.domain.StateChange;
import java.time.Instant;

/** One step of an expert's history; {@code from} is null for the registration. */
public record StateChangeView(
    ExpertState from, ExpertState to, Instant at, String actor, String reason) {

  static StateChangeView of(StateChange change) {
    return new StateChangeView(
        change.fromState, change.toState, change.changedAt, change.actor, change.reason);
  }
}
