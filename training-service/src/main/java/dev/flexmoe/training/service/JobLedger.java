package dev.flexmoe.training.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.events.TrainingFinished;
import dev.flexmoe.events.TrainingProgress;
import dev.flexmoe.servicekit.outbox.Outbox;
import dev.flexmoe.training.domain.JobKind;
import dev.flexmoe.training.domain.JobState;
import dev.flexmoe.training.domain.Registration;
import dev.flexmoe.training.domain.TrainingJob;
import dev.flexmoe.training.worker.WorkerMessage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Every change of a job's durable state, each in a transaction of its own that also writes the
 * event announcing it to the outbox; watchers hear of a change after it committed.
 */
@ApplicationScoped
public class JobLedger {

  @Inject Outbox outbox;

  @Inject JobEvents events;

  @Inject ObjectMapper json;

  /** Takes the next job to run (an interrupted one first, to resume it) and marks it RUNNING. */
  Optional<JobStatus> claimNext() {
    Optional<JobStatus> claimed =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    TrainingJob.next()
                        .map(
                            job -> {
                              if (job.state == JobState.QUEUED) {
                                job.state = JobState.RUNNING;
                                job.startedAt = Instant.now();
                              }
                              job.attempts++;
                              return JobStatus.of(job);
                            }));
    claimed.ifPresent(events::state);
    return claimed;
  }

  /** Records a step; written and published only when {@code publish}. */
  void progress(UUID id, WorkerMessage step, boolean publish) {
    JobEvent.Progress event =
        new JobEvent.Progress(
            step.step(),
            step.totalSteps(),
            step.loss(),
            step.learningRate(),
            step.tokensPerSecond(),
            step.etaSeconds());
    if (publish) {
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                TrainingJob job = locked(id);
                job.step = step.step();
                job.totalSteps = step.totalSteps();
                job.loss = step.loss();
                job.learningRate = step.learningRate();
                job.tokensPerSecond = step.tokensPerSecond();
                job.etaSeconds = step.etaSeconds();
                outbox.publish(
                    new TrainingProgress(
                        id.toString(),
                        (long) step.step(),
                        (long) step.totalSteps(),
                        step.loss(),
                        step.learningRate(),
                        step.tokensPerSecond(),
                        Double.isFinite(step.etaSeconds()) ? step.etaSeconds() : null));
              });
    }
    events.progress(id, event);
  }

  /** The job trained; {@code handover} says what became of its artifact at the registry. */
  JobStatus succeeded(
      UUID id, String artifactDigest, Map<String, Double> metrics, Handed handover) {
    return change(
        id,
        job -> {
          job.state = JobState.SUCCEEDED;
          job.finishedAt = Instant.now();
          job.artifactDigest = artifactDigest;
          job.metrics = write(metrics);
          job.step = job.totalSteps;
          handover.applyTo(job);
          outbox.publish(
              new TrainingFinished(
                  id.toString(),
                  TrainingFinished.Outcome.SUCCEEDED,
                  artifactDigest,
                  job.expertId,
                  metrics,
                  null));
        });
  }

  JobStatus failed(UUID id, String reason) {
    return change(
        id,
        job -> {
          job.state = JobState.FAILED;
          job.finishedAt = Instant.now();
          job.error = reason;
          outbox.publish(
              new TrainingFinished(
                  id.toString(), TrainingFinished.Outcome.FAILED, null, null, null, reason));
        });
  }

  JobStatus cancelled(UUID id) {
    return change(
        id,
        job -> {
          job.state = JobState.CANCELLED;
          job.finishedAt = Instant.now();
          outbox.publish(
              new TrainingFinished(
                  id.toString(), TrainingFinished.Outcome.CANCELLED, null, null, null, null));
        });
  }

  /** Marks the job to be cancelled; a queued one is cancelled at once. Returns it as it is now. */
  JobStatus requestCancel(UUID id) {
    JobStatus now =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  TrainingJob job = locked(id);
                  if (job.state.isFinished()) {
                    throw new JobConflictException(
                        "job-finished", "job " + id + " already ended " + job.state);
                  }
                  job.cancelRequested = true;
                  return JobStatus.of(job);
                });
    return now.state() == JobState.QUEUED ? cancelled(id) : now;
  }

  long queued() {
    return QuarkusTransaction.requiringNew().call(TrainingJob::queued);
  }

  boolean cancelRequested(UUID id) {
    return QuarkusTransaction.requiringNew()
        .call(() -> TrainingJob.<TrainingJob>findById(id).cancelRequested);
  }

  /** Records what the registry said of the job's artifact. */
  JobStatus handed(UUID id, Handed handover) {
    return change(id, handover::applyTo);
  }

  private JobStatus change(UUID id, Consumer<TrainingJob> change) {
    JobStatus changed =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  TrainingJob job = locked(id);
                  change.accept(job);
                  return JobStatus.of(job);
                });
    events.state(changed);
    return changed;
  }

  static TrainingJob find(UUID id) {
    return found(id, TrainingJob.findById(id));
  }

  /**
   * The job, locked for the transaction that changes it: the runner's progress and an owner's
   * cancel change the same row at the same moment, and the one that comes second must see the
   * other's change rather than fail on the version.
   */
  private static TrainingJob locked(UUID id) {
    return found(id, TrainingJob.findById(id, LockModeType.PESSIMISTIC_WRITE));
  }

  private static TrainingJob found(UUID id, TrainingJob job) {
    if (job == null) {
      throw new JobNotFoundException(id.toString());
    }
    return job;
  }

  private String write(Map<String, Double> metrics) {
    try {
      return json.writeValueAsString(metrics);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("metrics are numbers", e);
    }
  }

  /**
   * What became of an artifact at the registry, to be written into its job.
   *
   * @param registeredId the registry's id of the expert, or of the public model a public-model job
   *     registered
   */
  record Handed(Registration registration, String registeredId, String expertStatus, String error) {

    static Handed none() {
      return new Handed(Registration.NONE, null, null, null);
    }

    void applyTo(TrainingJob job) {
      job.registration = registration;
      if (registeredId != null && job.kind == JobKind.PUBLIC) {
        job.publicModelId = registeredId;
        job.publicModelDigest = job.artifactDigest;
      } else if (registeredId != null) {
        job.expertId = registeredId;
      }
      if (expertStatus != null) {
        job.expertStatus = expertStatus;
      }
      job.registrationError = error;
    }
  }
}
