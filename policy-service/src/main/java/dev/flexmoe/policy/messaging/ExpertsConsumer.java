package dev.flexmoe.policy.messaging;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.ExpertRegistered;
import dev.flexmoe.events.ExpertWithdrawn;
import dev.flexmoe.policy.service.Ownership;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The registry's events: who owns each expert, and which were withdrawn. A record that cannot be
 * read or does not belong here goes to {@code flexmoe.dlq.policy-service}.
 */
@ApplicationScoped
public class ExpertsConsumer {

  @Inject Ownership ownership;

  @Incoming("experts")
  @Blocking
  public void consume(CloudEvent<?> event) {
    if (event.data() instanceof ExpertRegistered registered) {
      ownership.onRegistered(event, registered);
    } else if (event.data() instanceof ExpertWithdrawn withdrawn) {
      ownership.onWithdrawn(event, withdrawn);
    } else {
      throw new IllegalArgumentException(
          "flexmoe.experts.v1 carries no " + event.type() + " events");
    }
  }
}
