package dev.flexmoe.inference.health;

import dev.flexmoe.inference.service.Policies;
import dev.flexmoe.inference.service.Serving;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once a version is loaded and the policy changelogs were read to their end once. A lease
 * that lapses later keeps it ready: the public expert still serves.
 */
@Readiness
@ApplicationScoped
public class ServingReadiness implements HealthCheck {

  @Inject Serving serving;

  @Inject Policies policies;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("serving");
    serving.currentNumber().ifPresent(number -> response.withData("model_version", number));
    serving.lastFailure().ifPresent(failure -> response.withData("last_failure", failure));
    response.withData("policies_read", policies.read());
    response.withData("fail_closed", policies.failClosed());
    return response.status(serving.currentNumber().isPresent() && policies.read()).build();
  }
}
