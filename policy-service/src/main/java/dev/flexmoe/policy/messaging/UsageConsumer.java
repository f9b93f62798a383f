package dev.flexmoe.policy.messaging;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.UsageRecorded;
import dev.flexmoe.policy.service.Attribution;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The inference service's usage, for attribution; other records go to the dead-letter topic. */
@ApplicationScoped
public class UsageConsumer {

  @Inject Attribution attribution;

  @Incoming("usage")
  @Blocking
  public void consume(CloudEvent<?> event) {
    if (!(event.data() instanceof UsageRecorded usage)) {
      throw new IllegalArgumentException("flexmoe.usage.v1 carries no " + event.type() + " events");
    }
    attribution.record(event, usage);
  }
}
