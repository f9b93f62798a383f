package dev.flexmoe.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A flexmoe service run as a child process from its launcher in the checkout ({@code
 * <service>/bin/<service>}), with the connection settings in its environment and its output in a
 * log file. Stopping it sends SIGTERM (Quarkus shuts down gracefully) and, after a grace period,
 * SIGKILL.
 */
final class ServiceProcess implements AutoCloseable {

  private static final long GRACE_SECONDS = 20;
  // A first start builds the service (minutes on two cores) before it listens.
  private static final Duration UP_TIMEOUT = Duration.ofMinutes(20);

  private final String name;
  private final Process process;
  private final Optional<ServiceCatalog.Known> known;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private ServiceProcess(
      String name, Process process, Optional<ServiceCatalog.Known> known, Path log) {
    this.name = name;
    this.process = process;
    this.known = known;
    this.log = log;
  }

  /**
   * @param service the launcher's name, {@code <service>/bin/<service>}
   * @param name this instance's name (a replica's carries its number)
   * @param known its port and health check, when the launcher knows the service
   */
  static ServiceProcess start(
      Path home,
      String service,
      String name,
      Optional<ServiceCatalog.Known> known,
      Map<String, String> environment,
      Path log)
      throws IOException {
    Path launcher = home.resolve(service).resolve("bin").resolve(service);
    if (!Files.isExecutable(launcher)) {
      throw new IllegalArgumentException(
          "unknown service '" + service + "': no launcher at " + launcher);
    }
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(launcher.toString())
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return new ServiceProcess(name, builder.start(), known, log);
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int exitCode() {
    return process.exitValue();
  }

  Optional<URI> url() {
    return known.map(k -> URI.create("http://localhost:" + k.port()));
  }

  /** Waits until the service answers its health check; fails at once if it exits first. */
  void awaitUp() {
    if (known.isEmpty()) {
      return;
    }
    URI health = url().orElseThrow().resolve(known.get().health());
    try {
      Awaitility.await(name + " up")
          .atMost(UP_TIMEOUT)
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .failFast(name + " exited", () -> !process.isAlive())
          .until(() -> status(health) == 200);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "service "
              + name
              + " did not come up ("
              + e.getMessage()
              + "); the end of "
              + log
              + ":\n"
              + tail(20),
          e);
    }
  }

  /** What its readiness check says now, for the status table. */
  String health() {
    if (known.isEmpty()) {
      return process.isAlive() ? "running" : "exited";
    }
    try {
      boolean ready = status(url().orElseThrow().resolve("/q/health/ready")) == 200;
      String note = known.get().note();
      return (ready ? "UP" : "up, not ready") + (note.isEmpty() ? "" : " (" + note + ")");
    } catch (IOException e) {
      return "DOWN";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** The last {@code lines} lines of its log. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private int status(URI uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** Asks it to stop (SIGTERM) without waiting, so that several stop at once. */
  void requestStop() {
    // The launcher execs java, so the process is the service itself.
    process.destroy();
  }

  @Override
  public void close() {
    requestStop();
    try {
      if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
