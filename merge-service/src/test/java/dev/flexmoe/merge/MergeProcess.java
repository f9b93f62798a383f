package dev.flexmoe.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.testkit.PackagedService;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged merge service as a process of its own, on the embedded profile against the
 * neighbours {@link Platform} started: what the crash and approval-mode tests run, since a second
 * Quarkus application in the test JVM could not load PyTorch's native library again.
 */
final class MergeProcess {

  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

  private MergeProcess() {}

  /** Starts the service on {@code port} with the extra system properties {@code settings}. */
  static Process start(
      Map<String, String> platform, int port, Path work, Map<String, String> settings)
      throws IOException {
    assertThat(JAR).as("the packaged merge service (run 'verify')").exists();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Dquarkus.profile=embedded");
    command.add("-Dquarkus.http.port=" + port);
    command.add("-Dflexmoe.artifacts.cache-root=" + work.resolve("cache"));
    command.add("-Dmerge.debounce=PT60S");
    command.add("-Dmerge.debounce.max-pending=2");
    command.add("-Dflexmoe.registry.url=" + platform.get("flexmoe.registry.url"));
    command.add("-Dai.djl.offline=true");
    command.add("-Dai.djl.pytorch.num_threads=1");
    settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(JAR.toString());
    Path log = Files.createDirectories(work).resolve("merge-" + System.nanoTime() + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // The embedded profile reads its connections from the environment, as flexmoe-infra sets it.
    builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", platform.get("kafka.bootstrap.servers"));
    builder
        .environment()
        .put(
            "PG_JDBC_URL",
            platform.get("quarkus.datasource.jdbc.url")
                + "?user="
                + platform.get("quarkus.datasource.username")
                + "&password="
                + platform.get("quarkus.datasource.password"));
    Process process = builder.start();
    PackagedService.awaitReady(
        URI.create("http://localhost:" + port + "/q/health/ready"), process, "the merge service");
    return process;
  }

  /** Calls of the service on {@code port}, as {@code subject} with {@code role}. */
  static io.restassured.specification.RequestSpecification call(
      int port, String subject, String role) {
    return io.restassured.RestAssured.given()
        .baseUri("http://localhost")
        .port(port)
        .header("Authorization", Calls.bearer(subject, role));
  }
}
