package dev.flexmoe.servicekit.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Sends committed outbox events to Kafka, oldest first, and marks each sent once the broker
 * acknowledged it: right after each commit that wrote one, and on a schedule as the safety net
 * (events left by a crash, a broker that was down). Delivery is at least once: a crash after the
 * send and before the mark sends the event again with the same CloudEvents id. A PostgreSQL
 * advisory lock lets one relay run at a time across a service's replicas, so events of one key keep
 * their order.
 */
@ApplicationScoped
public class OutboxRelay {

  private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

  /**
   * The advisory lock key that serializes relays: any constant shared by all replicas. Every
   * service has a database of its own, so the services may share the constant.
   */
  private static final long RELAY_LOCK = 0x666c65786d6f65L;

  @Inject EntityManager entityManager;

  @Inject
  @Channel("outbox")
  Emitter<Record<String, String>> emitter;

  @ConfigProperty(name = "flexmoe.outbox.enabled", defaultValue = "true")
  boolean enabled;

  @ConfigProperty(name = "flexmoe.outbox.batch-size", defaultValue = "100")
  int batchSize;

  @ConfigProperty(name = "flexmoe.outbox.send-timeout", defaultValue = "PT30S")
  Duration sendTimeout;

  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong oldestPendingMillis = new AtomicLong();

  @Inject
  void registerMetrics(MeterRegistry registry) {
    registry.gauge("flexmoe.outbox.pending", pending);
    registry.gauge(
        "flexmoe.outbox.lag.seconds", oldestPendingMillis, millis -> millis.get() / 1000.0);
  }

  /** Relays on its own thread, so that the committing request does not wait for Kafka. */
  private final ExecutorService relayThread =
      Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "outbox-relay"));

  private final AtomicBoolean relayRequested = new AtomicBoolean();

  void onWritten(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Written written) {
    if (relayRequested.compareAndSet(false, true)) {
      relayThread.execute(
          () -> {
            relayRequested.set(false);
            drain();
          });
    }
  }

  @PreDestroy
  void stop() {
    relayThread.shutdown();
  }

  @Scheduled(
      every = "${flexmoe.outbox.poll-interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
      skipExecutionIf = Scheduled.ApplicationNotRunning.class)
  void poll() {
    if (drain()) {
      recordLag();
    }
  }

  /** Relays batches until one is not full; false when the relay is off or failed. */
  private boolean drain() {
    if (!enabled) {
      return false;
    }
    try {
      while (relayBatch() == batchSize) {
        // a full batch: more may be waiting
      }
      return true;
    } catch (RuntimeException e) {
      LOG.warnf("outbox relay will retry: %s", e.getMessage());
      return false;
    }
  }

  /** Relays up to one batch; returns how many events were sent. */
  int relayBatch() {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              Boolean locked =
                  (Boolean)
                      entityManager
                          .createNativeQuery("select pg_try_advisory_xact_lock(:key)")
                          .setParameter("key", RELAY_LOCK)
                          .getSingleResult();
              if (!locked) {
                return 0;
              }
              List<OutboxEvent> batch =
                  OutboxEvent.<OutboxEvent>find("sentAt is null order by id")
                      .page(0, batchSize)
                      .list();
              return send(batch);
            });
  }

  /**
   * How many events wait, and for how long the oldest has waited: on the schedule only, so that a
   * commit's relay spends no queries on the gauges.
   */
  private void recordLag() {
    Object[] unsent =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    entityManager
                        .createQuery(
                            "select count(e), min(e.createdAt) from OutboxEvent e"
                                + " where e.sentAt is null",
                            Object[].class)
                        .getSingleResult());
    pending.set((Long) unsent[0]);
    Instant oldest = (Instant) unsent[1];
    oldestPendingMillis.set(
        oldest == null ? 0 : Duration.between(oldest, Instant.now()).toMillis());
  }

  /**
   * Sends the batch and marks the events the broker acknowledged, in order, up to the first
   * failure: later events stay unsent, so no event of a key overtakes an earlier one.
   */
  private int send(List<OutboxEvent> batch) {
    List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
    for (OutboxEvent event : batch) {
      CompletableFuture<Void> ack = new CompletableFuture<>();
      OutgoingKafkaRecordMetadata<String> kafka =
          OutgoingKafkaRecordMetadata.<String>builder()
              .withTopic(event.topic)
              .withKey(event.eventKey)
              .build();
      emitter.send(
          Message.of(
              // a row without payload is a tombstone: a record with a null value
              Record.of(event.eventKey, event.payload),
              Metadata.of(kafka),
              () -> {
                ack.complete(null);
                return CompletableFuture.completedFuture(null);
              },
              failure -> {
                ack.completeExceptionally(failure);
                return CompletableFuture.completedFuture(null);
              }));
      acks.add(ack);
    }
    Instant now = Instant.now();
    int sent = 0;
    for (int i = 0; i < batch.size(); i++) {
      try {
        acks.get(i).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        LOG.warnf("event %s not acknowledged, will retry: %s", batch.get(i).eventId, e);
        break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      batch.get(i).sentAt = now;
      sent++;
    }
    return sent;
  }
}
