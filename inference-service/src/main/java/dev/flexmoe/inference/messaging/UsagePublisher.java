package dev.flexmoe.inference.messaging;

import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.CloudEventCodec;
import dev.flexmoe.events.UsageRecorded;
import dev.flexmoe.inference.service.UsageMeter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Sends the usage meter's windows as {@code UsageRecorded} on {@code flexmoe.usage.v1}, keyed by
 * expert: every few seconds, and once more at shutdown, waiting for the broker's acknowledgement.
 */
@ApplicationScoped
public class UsagePublisher {

  private static final Logger LOG = Logger.getLogger(UsagePublisher.class);

  @Inject UsageMeter meter;

  @Inject
  @Channel("usage")
  Emitter<Record<String, String>> emitter;

  @Scheduled(
      every = "${inference.usage-flush-interval}",
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void flush() {
    send();
  }

  void flushAtShutdown(@Observes ShutdownEvent shutdown) {
    for (CompletableFuture<Void> ack : send()) {
      try {
        ack.get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warnf("usage not acknowledged at shutdown: %s", e.getMessage());
      }
    }
  }

  private List<CompletableFuture<Void>> send() {
    UsageMeter.Window window = meter.drain();
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    if (window.tokens().isEmpty() || !window.end().isAfter(window.start())) {
      return acks;
    }
    window
        .tokens()
        .forEach(
            (key, count) -> {
              CloudEvent<UsageRecorded> event =
                  CloudEvent.of(
                      "/flexmoe/inference-service",
                      new UsageRecorded(
                          key.expertId(),
                          key.tenant(),
                          count,
                          key.model(),
                          key.version(),
                          new UsageRecorded.Window(window.start(), window.end())));
              String payload = new String(CloudEventCodec.encode(event), StandardCharsets.UTF_8);
              acks.add(emitter.send(Record.of(key.expertId(), payload)).toCompletableFuture());
            });
    return acks;
  }
}
