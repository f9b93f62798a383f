package dev.flexmoe.inference.domain;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * When the changelog reader last confirmed being at the end of the policy and tenant changelogs.
 * Before the first confirmation, and whenever the last one is older than the lease (a broker out of
 * reach), the service fails closed: only the public expert serves, since a revocation it has not
 * read may exist.
 */
public final class PolicyLease {

  private static final long NEVER = Long.MIN_VALUE;

  private final long leaseNanos;
  private final LongSupplier clock;
  private final AtomicLong confirmedAt = new AtomicLong(NEVER);

  public PolicyLease(Duration lease, LongSupplier nanoClock) {
    this.leaseNanos = lease.toNanos();
    this.clock = nanoClock;
  }

  /** The reader's position equals the end offsets of every partition, now. */
  public void confirm() {
    confirmedAt.set(clock.getAsLong());
  }

  /** Whether the changelogs were ever read to their end: readiness waits for it. */
  public boolean everConfirmed() {
    return confirmedAt.get() != NEVER;
  }

  public boolean failClosed() {
    long at = confirmedAt.get();
    return at == NEVER || clock.getAsLong() - at > leaseNanos;
  }

  /** Seconds since the last confirmation; infinite before the first. */
  public double lagSeconds() {
    long at = confirmedAt.get();
    return at == NEVER ? Double.POSITIVE_INFINITY : (clock.getAsLong() - at) / 1e9;
  }
}
