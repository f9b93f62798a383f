package dev.flexmoe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.testkit.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A packaged service started in the prod profile with the development key refuses to start, and
 * every service carries the guard that makes it so.
 */
class DevelopmentKeysInProductionIT {

  private static final List<String> SERVICES =
      List.of(
          "expert-registry",
          "merge-service",
          "policy-service",
          "inference-service",
          "training-service");

  @Test
  void theProdProfileRefusesTheDevelopmentKey() throws Exception {
    Path devKey = Path.of("../expert-registry/dev-keys/jwt-public.pem").toAbsolutePath();
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      String database = postgres.createDatabase("policy_prod_guard");
      Path log = Files.createDirectories(Path.of("target")).resolve("policy-prod-guard.log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  "java",
                  "-Dquarkus.profile=prod",
                  "-Dquarkus.http.port=0",
                  "-jar",
                  Path.of("../policy-service/target/quarkus-app/quarkus-run.jar").toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("PG_JDBC_URL", postgres.withCredentials(database));
      // Production settings in every respect but the key: a copy of the development one.
      Path copied =
          Files.copy(
              devKey,
              Path.of("target", "looks-like-production.pem"),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      builder.environment().put("POLICY_JWT_PUBLIC_KEY", copied.toAbsolutePath().toString());
      builder.environment().put("POLICY_JWT_ISSUER", "https://auth.example");
      Process process = builder.start();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("it stops by itself").isTrue();
      assertThat(process.exitValue()).isNotZero();
      assertThat(Files.readString(log, StandardCharsets.UTF_8))
          .contains("refusing to start in the prod profile with development keys")
          .contains("is the development public key");
    }
  }

  @Test
  void everyServiceCarriesTheGuard() throws Exception {
    for (String service : SERVICES) {
      Path libs = Path.of("..", service, "target", "quarkus-app", "lib", "main");
      try (var jars = Files.list(libs)) {
        assertThat(jars.map(jar -> jar.getFileName().toString()))
            .as(service)
            .anyMatch(name -> name.startsWith("dev.flexmoe.prod-guard-"));
      }
    }
  }
}
