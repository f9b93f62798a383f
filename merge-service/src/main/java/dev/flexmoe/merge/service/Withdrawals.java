package dev.flexmoe.merge.service;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.ExpertWithdrawn;
import dev.flexmoe.merge.domain.ExpertStatus;
import dev.flexmoe.merge.domain.ModelVersion;
import dev.flexmoe.merge.domain.TrackedExpert;
import dev.flexmoe.servicekit.inbox.MessageLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * ExpertWithdrawn → the expert leaves: one in the latest version makes the planner build a version
 * without it at once (no debounce: this is the owner's exit); one still waiting never joins.
 */
@ApplicationScoped
public class Withdrawals {

  private static final Logger LOG = Logger.getLogger(Withdrawals.class);

  @Inject MessageLog messageLog;

  @Transactional
  public void onWithdrawn(CloudEvent<?> event, ExpertWithdrawn withdrawn) {
    if (!messageLog.firstDelivery(event)) {
      return;
    }
    TrackedExpert expert = TrackedExpert.findById(withdrawn.expertId());
    if (expert == null) {
      LOG.infof("expert %s was withdrawn before it was validated here", withdrawn.expertId());
      return;
    }
    if (expert.state == ExpertStatus.WITHDRAWN) {
      return;
    }
    boolean served =
        expert.modelName != null
            && ModelVersion.latest(expert.modelName)
                .map(latest -> Versions.contains(latest, expert.expertId))
                .orElse(false);
    expert.state = ExpertStatus.WITHDRAWN;
    expert.withdrawnAt = Instant.now();
    expert.needsMerge = served;
  }
}
