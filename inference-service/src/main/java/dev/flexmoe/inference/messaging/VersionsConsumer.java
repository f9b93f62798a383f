package dev.flexmoe.inference.messaging;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.ModelVersionPublished;
import dev.flexmoe.inference.service.Serving;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The merge service's published versions, read from the start by every replica (a consumer group of
 * its own per process), so that a fresh replica finds the latest version of its model on the
 * compacted topic. Loading runs here, beside the version being served. A record that is no version
 * goes to {@code flexmoe.dlq.inference-service}.
 */
@ApplicationScoped
public class VersionsConsumer {

  @Inject Serving serving;

  @Incoming("versions")
  @Blocking
  public void consume(CloudEvent<?> event) {
    if (event.data() instanceof ModelVersionPublished published) {
      serving.publish(published);
    } else {
      throw new IllegalArgumentException(
          "flexmoe.model-versions.v1 carries no " + event.type() + " events");
    }
  }
}
