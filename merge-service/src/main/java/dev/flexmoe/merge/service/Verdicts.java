package dev.flexmoe.merge.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.events.CloudEvent;
import dev.flexmoe.events.ExpertRegistered;
import dev.flexmoe.events.ExpertRejected;
import dev.flexmoe.events.ExpertValidated;
import dev.flexmoe.merge.domain.ExpertStatus;
import dev.flexmoe.merge.domain.TrackedExpert;
import dev.flexmoe.servicekit.inbox.MessageLog;
import dev.flexmoe.servicekit.inbox.ProcessedEvent;
import dev.flexmoe.servicekit.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Records a validation's outcome and its event in one transaction: after a crash either both exist
 * or neither, and the redelivered registration is validated again. The event's id and the expert's
 * id are each recorded once, so a duplicate changes nothing.
 */
@ApplicationScoped
public class Verdicts {

  private static final Logger LOG = Logger.getLogger(Verdicts.class);

  @Inject MessageLog messageLog;

  @Inject Outbox outbox;

  @Inject EntityManager entityManager;

  @Inject ObjectMapper json;

  @Inject MeterRegistry meters;

  /** Whether this event, or another registration of the same expert, was decided before. */
  boolean decidedBefore(String eventId, String expertId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ProcessedEvent.findById(eventId) != null
                    || TrackedExpert.findById(expertId) != null);
  }

  /** Remembers a skipped duplicate, so that its id is not looked at again. */
  @Transactional
  void skip(CloudEvent<?> event) {
    messageLog.firstDelivery(event);
  }

  @Transactional
  void record(
      CloudEvent<?> event, ExpertRegistered registered, String modelName, ReportDocument report) {
    if (!messageLog.firstDelivery(event) || TrackedExpert.findById(registered.expertId()) != null) {
      return;
    }
    TrackedExpert expert = new TrackedExpert();
    expert.expertId = registered.expertId();
    expert.ownerId = registered.ownerId();
    expert.domain = registered.domain();
    expert.artifactDigest = registered.artifactDigest();
    expert.anchorDigest = registered.anchorDigest();
    expert.modelName = modelName;
    expert.state = report.passed() ? ExpertStatus.VALIDATED : ExpertStatus.REJECTED;
    expert.report = serialize(report);
    expert.registeredAt = event.time();
    expert.decidedAt = Instant.now();
    expert.needsMerge = report.passed();
    expert.mergeOrder = report.passed() ? nextMergeOrder() : null;
    expert.persist();
    LOG.infof(
        "expert %s (%s, %s): %s %s",
        expert.expertId,
        expert.ownerId,
        expert.domain,
        expert.state,
        report.findings().stream().map(ReportDocument.Item::code).distinct().toList());
    if (report.passed()) {
      outbox.publish(
          new ExpertValidated(expert.expertId, expert.artifactDigest, finite(report.metrics())));
      meters.counter("merge.validations", "outcome", "validated", "reason", "none").increment();
    } else {
      outbox.publish(
          new ExpertRejected(
              expert.expertId,
              expert.artifactDigest,
              report.findings().stream()
                  .map(
                      finding ->
                          new ExpertRejected.Reason(
                              finding.code(), finding.subject() + ": " + finding.message()))
                  .toList()));
      report.findings().stream()
          .map(ReportDocument.Item::code)
          .distinct()
          .forEach(
              code ->
                  meters
                      .counter("merge.validations", "outcome", "rejected", "reason", code)
                      .increment());
    }
  }

  private long nextMergeOrder() {
    return ((Number)
            entityManager.createNativeQuery("select nextval('merge_order_seq')").getSingleResult())
        .longValue();
  }

  /** The event carries only finite measurements (an infinite one means "not comparable"). */
  private static Map<String, Double> finite(Map<String, Double> metrics) {
    Map<String, Double> finite = new LinkedHashMap<>();
    metrics.forEach(
        (name, value) -> {
          if (Double.isFinite(value)) {
            finite.put(name, value);
          }
        });
    return finite;
  }

  private String serialize(ReportDocument report) {
    try {
      return json.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a report is always serializable", e);
    }
  }
}
