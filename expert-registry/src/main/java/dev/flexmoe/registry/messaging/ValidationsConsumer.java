package dev.flexmoe.registry.messaging;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.ExpertRejected;
import dev.flexmoe.events.ExpertValidated;
import dev.flexmoe.registry.service.ExpertLifecycle;
import dev.flexmoe.servicekit.inbox.MessageLog;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The merge service's verdicts: ExpertValidated moves an expert to VALIDATED, ExpertRejected to
 * REJECTED. A redelivered event changes nothing; an event that cannot be applied (an unknown
 * expert, other bytes) fails and goes to the dead-letter topic.
 */
@ApplicationScoped
public class ValidationsConsumer {

  @Inject MessageLog messageLog;

  @Inject ExpertLifecycle lifecycle;

  @Incoming("validations")
  @Blocking
  @Transactional
  public void consume(CloudEvent<?> event) {
    if (!messageLog.firstDelivery(event)) {
      return;
    }
    if (event.data() instanceof ExpertValidated validated) {
      lifecycle.validated(validated, event.source());
    } else if (event.data() instanceof ExpertRejected rejected) {
      lifecycle.rejected(rejected, event.source());
    } else {
      throw new IllegalArgumentException(
          "flexmoe.validations.v1 carries no " + event.type() + " events");
    }
  }
}
