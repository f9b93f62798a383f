package dev.flexmoe.registry.messaging;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.ModelVersionPublished;
import dev.flexmoe.registry.service.ExpertLifecycle;
import dev.flexmoe.servicekit.inbox.MessageLog;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Published model versions (a compacted topic, read from its start): the experts of each model's
 * latest version become ACTIVE and keep their artifacts. Redeliveries and older versions change
 * nothing.
 */
@ApplicationScoped
public class ModelVersionsConsumer {

  @Inject MessageLog messageLog;

  @Inject ExpertLifecycle lifecycle;

  @Incoming("model-versions")
  @Blocking
  @Transactional
  public void consume(CloudEvent<?> event) {
    if (event == null) {
      return; // a tombstone: compaction's deletion marker, nothing to apply
    }
    if (!messageLog.firstDelivery(event)) {
      return;
    }
    if (!(event.data() instanceof ModelVersionPublished published)) {
      throw new IllegalArgumentException(
          "flexmoe.model-versions.v1 carries no " + event.type() + " events");
    }
    lifecycle.published(published, event.source());
  }
}
