package dev.flexmoe.policy.service;

import dev.flexmoe.policy.domain.StoredTime;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Turns passing validFrom and validUntil times into published snapshots. It looks at the database,
 * not at timers, so a window that passed while the service was down is published on its first run
 * after the start.
 */
@ApplicationScoped
public class WindowScheduler {

  private static final Logger LOG = Logger.getLogger(WindowScheduler.class);

  @Inject Licenses licenses;

  @Scheduled(
      every = "${policy.window-check-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void check() {
    try {
      int changed = licenses.applyWindows(StoredTime.now());
      if (changed > 0) {
        LOG.infof("%d license windows opened or closed", changed);
      }
    } catch (RuntimeException e) {
      LOG.warnf("license windows will be checked again: %s", e.getMessage());
    }
  }
}
