package dev.flexmoe.testkit;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.ExpertWithdrawn;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The consumer of the test application: remembers what it read, fails on one kind of event. */
@ApplicationScoped
public class ExpertEventsConsumer {

  /** A withdrawal with this reason makes processing fail, as a bug in a service would. */
  static final String FAIL_PROCESSING = "fail-processing";

  private final List<CloudEvent<?>> received = new CopyOnWriteArrayList<>();

  @Incoming("experts")
  public void consume(CloudEvent<?> event) {
    if (event.data() instanceof ExpertWithdrawn withdrawn
        && FAIL_PROCESSING.equals(withdrawn.reason())) {
      throw new IllegalStateException("cannot process " + event.id());
    }
    received.add(event);
  }

  List<CloudEvent<?>> received() {
    return List.copyOf(received);
  }
}
