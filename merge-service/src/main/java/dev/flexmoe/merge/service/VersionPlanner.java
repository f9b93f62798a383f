package dev.flexmoe.merge.service;

import dev.flexmoe.merge.domain.TrackedExpert;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Looks for models with changes waiting and makes their next version when it is due. Each model's
 * version is made in a transaction of its own; two planners racing for a number are stopped by the
 * unique (model, number) constraint and the loser retries on its next run.
 */
@ApplicationScoped
public class VersionPlanner {

  private static final Logger LOG = Logger.getLogger(VersionPlanner.class);

  @Inject Versions versions;

  @ConfigProperty(name = "merge.debounce")
  Duration debounce;

  @ConfigProperty(name = "merge.debounce.max-pending")
  int maxPending;

  @Scheduled(
      every = "${merge.plan-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void plan() {
    List<String> anchors =
        QuarkusTransaction.requiringNew().call(TrackedExpert::anchorsWithChanges);
    for (String anchor : anchors) {
      try {
        versions
            .planDue(anchor, debounce, maxPending, Instant.now())
            .ifPresent(
                version ->
                    LOG.infof(
                        "%s version %d: %d experts (%s, %s)",
                        version.modelName,
                        version.number,
                        version.experts.size(),
                        version.trigger,
                        version.status));
      } catch (RuntimeException e) {
        LOG.warnf("the next version for anchor %s will be retried: %s", anchor, e.getMessage());
      }
    }
  }
}
