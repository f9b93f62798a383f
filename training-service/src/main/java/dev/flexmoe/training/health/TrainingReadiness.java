package dev.flexmoe.training.health;

import dev.flexmoe.training.service.TrainingStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready while jobs can be read; shows the queue, the running job and its checkpoint's age. */
@Readiness
@ApplicationScoped
public class TrainingReadiness implements HealthCheck {

  @Inject TrainingStatus status;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("training");
    try {
      response.withData("queued", status.queued());
    } catch (RuntimeException e) {
      return response.down().withData("error", String.valueOf(e.getMessage())).build();
    }
    status.runningJob().ifPresent(job -> response.withData("running_job", job.toString()));
    status
        .checkpointAge()
        .ifPresent(age -> response.withData("checkpoint_age_seconds", age.toSeconds()));
    return response.up().build();
  }
}
