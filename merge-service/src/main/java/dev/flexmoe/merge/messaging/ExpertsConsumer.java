package dev.flexmoe.merge.messaging;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.ExpertRegistered;
import dev.flexmoe.events.ExpertWithdrawn;
import dev.flexmoe.merge.service.Validations;
import dev.flexmoe.merge.service.Withdrawals;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The registry's events: a registration is validated, a withdrawal takes the expert out of the next
 * version. Records are handled one at a time, in order per expert; one that cannot be read or
 * handled goes to {@code flexmoe.dlq.merge-service} and the next one is taken.
 */
@ApplicationScoped
public class ExpertsConsumer {

  @Inject Validations validations;

  @Inject Withdrawals withdrawals;

  @Incoming("experts")
  @Blocking
  public void consume(CloudEvent<?> event) {
    if (event.data() instanceof ExpertRegistered registered) {
      validations.onRegistered(event, registered);
    } else if (event.data() instanceof ExpertWithdrawn withdrawn) {
      withdrawals.onWithdrawn(event, withdrawn);
    } else {
      throw new IllegalArgumentException(
          "flexmoe.experts.v1 carries no " + event.type() + " events");
    }
  }
}
