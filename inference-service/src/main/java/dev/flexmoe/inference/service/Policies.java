package dev.flexmoe.inference.service;

import dev.flexmoe.inference.domain.PolicyBook;
import dev.flexmoe.inference.domain.PolicyLease;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The policy table and its lease, shared by the changelog reader and the requests. */
@ApplicationScoped
public class Policies {

  private final PolicyBook book = new PolicyBook();
  private final PolicyLease lease;

  @Inject
  Policies(
      @ConfigProperty(name = "inference.policy-lease") Duration leaseDuration,
      MeterRegistry metrics) {
    this.lease = new PolicyLease(leaseDuration, System::nanoTime);
    metrics.gauge("inference.policy.fail.closed", lease, l -> l.failClosed() ? 1 : 0);
    metrics.gauge("inference.policy.lag.seconds", lease, PolicyLease::lagSeconds);
  }

  /** Whether the changelogs were read to their end at least once. */
  public boolean read() {
    return lease.everConfirmed();
  }

  /** Whether only the public expert serves now, for want of a fresh read of the changelogs. */
  public boolean failClosed() {
    return lease.failClosed();
  }

  public PolicyBook book() {
    return book;
  }

  public PolicyLease lease() {
    return lease;
  }
}
