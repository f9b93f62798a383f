package dev.flexmoe.training.service;

import dev.flexmoe.model.train.Checkpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * How the service is doing, for health checks and metrics: jobs waiting, the job running, and how
 * old its newest checkpoint is (what a crash now would cost).
 */
@ApplicationScoped
public class TrainingStatus {

  @Inject JobRunner runner;

  @Inject JobLedger ledger;

  @Inject MeterRegistry meters;

  void register(@Observes StartupEvent started) {
    Gauge.builder("flexmoe.training.jobs.queued", this, TrainingStatus::queued)
        .description("jobs waiting to run")
        .register(meters);
    Gauge.builder("flexmoe.training.jobs.running", this, s -> s.runningJob().isPresent() ? 1 : 0)
        .description("jobs training now (0 or 1)")
        .register(meters);
    Gauge.builder(
            "flexmoe.training.checkpoint.age.seconds",
            this,
            s -> s.checkpointAge().map(age -> age.toMillis() / 1000.0).orElse(Double.NaN))
        .description("age of the running job's newest checkpoint")
        .register(meters);
  }

  public long queued() {
    return ledger.queued();
  }

  public Optional<UUID> runningJob() {
    return runner.current().map(JobRunner.Running::job);
  }

  /** Since the running job's newest checkpoint, or since it started when it has none yet. */
  public Optional<Duration> checkpointAge() {
    return runner
        .current()
        .map(
            running -> {
              Path checkpoints = runner.dirOf(running.job()).resolve("checkpoints");
              Instant since =
                  Checkpoint.latest(checkpoints)
                      .map(TrainingStatus::modified)
                      .orElse(running.since());
              return Duration.between(since, Instant.now());
            });
  }

  private static Instant modified(Path path) {
    try {
      return Files.getLastModifiedTime(path).toInstant();
    } catch (IOException e) {
      return Instant.now();
    }
  }
}
