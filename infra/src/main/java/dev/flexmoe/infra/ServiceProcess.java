package dev.flexmoe.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A flexmoe service run as a child process from its launcher in the checkout ({@code
 * <service>/bin/<service>}), with the connection settings in its environment and its output in a
 * log file. Stopping it sends SIGTERM (Quarkus shuts down gracefully) and, after a grace period,
 * SIGKILL.
 */
final class ServiceProcess implements AutoCloseable {

  private static final long GRACE_SECONDS = 20;

  private final String name;
  private final Process process;
  private final Path log;

  private ServiceProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ServiceProcess start(Path home, String name, Map<String, String> environment, Path log)
      throws IOException {
    Path launcher = home.resolve(name).resolve("bin").resolve(name);
    if (!Files.isExecutable(launcher)) {
      throw new IllegalArgumentException(
          "unknown service '" + name + "': no launcher at " + launcher);
    }
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(launcher.toString())
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return new ServiceProcess(name, builder.start(), log);
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

  @Override
  public void close() {
    // The launcher execs java, so the process is the service itself.
    process.destroy();
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
