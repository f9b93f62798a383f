package dev.flexmoe.infra;

import java.util.Map;
import java.util.Optional;

/**
 * The flexmoe services the launcher knows: each one's port in the embedded run and the health check
 * that says it is up. A service it does not know is started and not waited for.
 */
final class ServiceCatalog {

  /** A known service: its HTTP port and the path that answers 200 once it is up. */
  record Known(int port, String health, String note) {

    Known withPort(int other) {
      return new Known(other, health, note);
    }
  }

  static final String REGISTRY = "expert-registry";
  static final String INFERENCE = "inference-service";
  static final String TRAINING = "training-service";

  private static final String READY = "/q/health/ready";

  private static final Map<String, Known> KNOWN =
      Map.of(
          REGISTRY,
          new Known(8081, READY, ""),
          "merge-service",
          new Known(8082, READY, ""),
          "policy-service",
          new Known(8083, READY, ""),
          // Ready only once a model version is published: up when live.
          INFERENCE,
          new Known(8084, "/q/health/live", "ready once a model version is published"),
          TRAINING,
          new Known(8085, READY, "listens on 127.0.0.1 only"));

  /** Replicas beyond the first answer on these ports and up. */
  static final int REPLICA_PORTS = 8090;

  private ServiceCatalog() {}

  static Optional<Known> known(String service) {
    return Optional.ofNullable(KNOWN.get(service));
  }
}
