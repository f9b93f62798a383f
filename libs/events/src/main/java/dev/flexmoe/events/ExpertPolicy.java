package dev.flexmoe.events;

import java.time.Instant;
import java.util.List;

/**
 * Who may use an expert right now. Published on a compacted topic keyed by expert id; a record with
 * a null value (a tombstone) means the policy was deleted, and inference then treats the expert as
 * {@link State#OFF}.
 *
 * @param tenants tenants granted use when {@code state} is {@code RESTRICTED}; empty when absent
 * @param licenseClasses license classes granted use when {@code state} is {@code RESTRICTED}; empty
 *     when absent
 * @param validUntil when the policy lapses (the expert is then off); never, if absent
 * @param revision increases with every change, so that a consumer can ignore stale copies
 */
public record ExpertPolicy(
    String expertId,
    State state,
    @Nullable List<String> tenants,
    @Nullable List<String> licenseClasses,
    @Nullable Instant validUntil,
    Long revision)
    implements EventPayload {

  /** Whether the expert may be routed to. */
  public enum State {
    /** Every tenant. */
    OPEN,
    /** Only the listed tenants and license classes. */
    RESTRICTED,
    /** Nobody: the owner switched it off. */
    OFF
  }

  public ExpertPolicy {
    Require.text(expertId, "expertId");
    Require.present(state, "state");
    tenants = Require.listOrEmpty(tenants);
    licenseClasses = Require.listOrEmpty(licenseClasses);
    Require.atLeast(revision, 0, "revision");
  }

  @Override
  public String subject() {
    return expertId;
  }
}
