package dev.flexmoe.inference.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.events.ExpertPolicy;
import dev.flexmoe.events.TenantGrants;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Who may use an expert, decided from the changelogs alone; and when the service fails closed. */
class PolicyBookTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  private final PolicyBook book = new PolicyBook();

  private static ExpertPolicy policy(
      ExpertPolicy.State state, List<String> tenants, List<String> classes, long revision) {
    return new ExpertPolicy("e1", state, tenants, classes, null, revision);
  }

  @Test
  void theStateTheTenantListAndTheLicenseClassesDecide() {
    book.tenant("acme", new TenantGrants("acme", null, List.of("research"), false, 1L));
    book.tenant("globex", new TenantGrants("globex", null, List.of("commercial"), false, 1L));

    assertThat(book.allows("e1", "acme", NOW)).as("no policy: OFF").isFalse();
    book.policy("e1", policy(ExpertPolicy.State.OPEN, List.of(), List.of(), 1));
    assertThat(book.allows("e1", "acme", NOW)).isTrue();
    assertThat(book.allows("e1", "unknown-tenant", NOW)).as("OPEN is everyone").isTrue();

    book.policy("e1", policy(ExpertPolicy.State.RESTRICTED, List.of("globex"), List.of(), 2));
    assertThat(book.allows("e1", "globex", NOW)).isTrue();
    assertThat(book.allows("e1", "acme", NOW)).isFalse();

    book.policy("e1", policy(ExpertPolicy.State.RESTRICTED, List.of(), List.of("research"), 3));
    assertThat(book.allows("e1", "acme", NOW)).as("by its license class").isTrue();
    assertThat(book.allows("e1", "globex", NOW)).isFalse();

    book.tenant("acme", new TenantGrants("acme", null, List.of("research"), true, 2L));
    assertThat(book.allows("e1", "acme", NOW)).as("suspended").isFalse();

    book.policy("e1", policy(ExpertPolicy.State.OFF, List.of(), List.of(), 4));
    assertThat(book.allows("e1", "globex", NOW)).isFalse();
  }

  @Test
  void anOlderRevisionIsIgnoredATombstoneRemovesAndValidUntilEndsIt() {
    book.policy("e1", policy(ExpertPolicy.State.OPEN, List.of(), List.of(), 5));
    book.policy("e1", policy(ExpertPolicy.State.OFF, List.of(), List.of(), 4));
    assertThat(book.revision("e1")).isEqualTo(5);
    assertThat(book.allows("e1", "acme", NOW)).isTrue();

    book.policy(
        "e1", new ExpertPolicy("e1", ExpertPolicy.State.OPEN, null, null, NOW.plusSeconds(1), 6L));
    assertThat(book.allows("e1", "acme", NOW)).isTrue();
    assertThat(book.allows("e1", "acme", NOW.plusSeconds(1))).as("at validUntil").isFalse();

    book.policy("e1", null);
    assertThat(book.revision("e1")).isZero();
    assertThat(book.allows("e1", "acme", NOW)).isFalse();
  }

  @Test
  void theLeaseFailsClosedBeforeTheFirstReadAndWhenItLapses() {
    AtomicLong clock = new AtomicLong(0);
    PolicyLease lease = new PolicyLease(Duration.ofSeconds(10), clock::get);
    assertThat(lease.failClosed()).isTrue();
    assertThat(lease.everConfirmed()).isFalse();

    lease.confirm();
    clock.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(lease.failClosed()).as("at the lease").isFalse();
    clock.addAndGet(1);
    assertThat(lease.failClosed()).as("past it").isTrue();
    assertThat(lease.everConfirmed()).isTrue();
    lease.confirm();
    assertThat(lease.failClosed()).isFalse();
  }
}
