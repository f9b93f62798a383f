package dev.flexmoe.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * A service's packaged Quarkus application ({@code target/quarkus-app/quarkus-run.jar}) run as a
 * child process in the {@code embedded} profile, on a port of its own, with its output in a log
 * file: what tests of the real process (crash safety, clients of its API) start.
 */
public final class PackagedService implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;

  private PackagedService(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** A service from the jar at {@code jar}, named {@code name} in messages. */
  public static Builder builder(String name, Path jar) {
    return new Builder(name, jar);
  }

  public URI baseUri() {
    return URI.create("http://localhost:" + port);
  }

  public int port() {
    return port;
  }

  public Path log() {
    return log;
  }

  public Process process() {
    return process;
  }

  /** Kills the process at once (SIGKILL), as a crash would, and waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  /** Collects the settings of one start. */
  public static final class Builder {

    private final String name;
    private final Path jar;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private int port;
    private Path logDir = Path.of("target");
    private String readyPath = "/q/health/ready";

    private Builder(String name, Path jar) {
      this.name = name;
      this.jar = jar;
    }

    /** A system property, e.g. a config key of the service. */
    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    /** The broker and the database, as flexmoe-infra hands them to the embedded profile. */
    public Builder connections(String kafkaBootstrap, String jdbcUrl) {
      environment.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
      environment.put("PG_JDBC_URL", jdbcUrl);
      return this;
    }

    /** The HTTP port; by default a free one. Reuse one to restart a service at its address. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * What {@link #start()} waits to answer 200; readiness by default. A service that is only ready
     * once others fed it (inference, before a first model version) is waited for as live.
     */
    public Builder awaitPath(String path) {
      this.readyPath = path;
      return this;
    }

    public Builder logDir(Path logDir) {
      this.logDir = logDir;
      return this;
    }

    /** Starts the process and waits until its readiness check answers 200. */
    public PackagedService start() {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            "no packaged " + name + " at " + jar.toAbsolutePath() + " (build it with 'package')");
      }
      int httpPort = FreePorts.orPick(port);
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.add("-Dquarkus.profile=embedded");
      command.add("-Dquarkus.http.port=" + httpPort);
      properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
      command.add("-jar");
      command.add(jar.toString());
      try {
        Path log = Files.createDirectories(logDir).resolve(name + "-" + System.nanoTime() + ".log");
        ProcessBuilder builder =
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        PackagedService service = new PackagedService(name, builder.start(), httpPort, log);
        service.awaitReady(readyPath);
        return service;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + name, e);
      }
    }
  }

  private void awaitReady(String path) {
    try {
      awaitReady(baseUri().resolve(path), process, name);
    } catch (RuntimeException e) {
      close();
      throw new IllegalStateException(name + " did not get ready; see " + log, e);
    }
  }

  /**
   * Waits until {@code process} answers 200 at {@code health}, for up to two minutes; fails at once
   * if it exits first.
   */
  public static void awaitReady(URI health, Process process, String name) {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(health).build();
    Awaitility.await(name + " ready")
        .atMost(READY_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .failFast(name + " exited", () -> !process.isAlive())
        .until(
            () -> http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
  }
}
