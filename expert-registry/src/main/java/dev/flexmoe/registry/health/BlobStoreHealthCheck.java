package dev.flexmoe.registry.health;

import dev.flexmoe.registry.storage.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the blob store can write, read back and delete a file. */
@Readiness
@ApplicationScoped
public class BlobStoreHealthCheck implements HealthCheck {

  @Inject BlobStore blobs;

  @Override
  public HealthCheckResponse call() {
    try {
      blobs.probe();
      return HealthCheckResponse.up("blob store");
    } catch (IOException | RuntimeException e) {
      return HealthCheckResponse.named("blob store").down().withData("error", e.toString()).build();
    }
  }
}
