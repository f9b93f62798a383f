package dev.flexmoe.bench.registry;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * The packaged services as processes of their own on the embedded profile, as flexmoe-infra runs
 * them: connections from the environment, development keys, output in a log under {@code work}.
 */
final class ServiceProcesses {

  private ServiceProcesses() {}

  static Process registry(
      Path work, Path jar, Path devKeys, String bootstrap, String jdbcUrl, int port)
      throws IOException {
    return start(
        work,
        "registry",
        jar,
        bootstrap,
        jdbcUrl,
        "-Dquarkus.http.port=" + port,
        "-Dregistry.dev-keys=" + devKeys.toAbsolutePath(),
        "-Dregistry.blobs.root=" + work.resolve("blobs"));
  }

  static Process merge(
      Path work,
      Path jar,
      Path devKeys,
      Path probe,
      URI registry,
      String bootstrap,
      String jdbcUrl,
      int port)
      throws IOException {
    return start(
        work,
        "merge",
        jar,
        bootstrap,
        jdbcUrl,
        "-Dquarkus.http.port=" + port,
        "-Dflexmoe.dev-keys=" + devKeys.toAbsolutePath(),
        "-Dflexmoe.probe=" + probe.toAbsolutePath(),
        "-Dflexmoe.registry.url=" + registry,
        "-Dflexmoe.artifacts.cache-root=" + work.resolve("merge-cache"),
        "-Dai.djl.offline=true",
        "-Dai.djl.pytorch.num_threads=1");
  }

  static Process policy(
      Path work, Path jar, Path devKeys, String bootstrap, String jdbcUrl, int port)
      throws IOException {
    return start(
        work,
        "policy",
        jar,
        bootstrap,
        jdbcUrl,
        "-Dquarkus.http.port=" + port,
        "-Dflexmoe.dev-keys=" + devKeys.toAbsolutePath());
  }

  static Process training(
      Path work,
      Path jar,
      Path devKeys,
      URI registry,
      String owner,
      Path dataRoot,
      String bootstrap,
      String jdbcUrl,
      int port)
      throws IOException {
    return start(
        work,
        "training",
        jar,
        bootstrap,
        jdbcUrl,
        "-Dquarkus.http.port=" + port,
        "-Dflexmoe.dev-keys=" + devKeys.toAbsolutePath(),
        "-Dflexmoe.registry.url=" + registry,
        "-Dflexmoe.owner=" + owner,
        "-Dflexmoe.data-roots=" + dataRoot.toAbsolutePath(),
        "-Dtraining.work-root=" + work.resolve("training"));
  }

  /**
   * @param jdbcUrl the database's URL with {@code ?user=...&password=...}, as PG_JDBC_URL
   */
  private static Process start(
      Path work, String name, Path jar, String bootstrap, String jdbcUrl, String... properties)
      throws IOException {
    String[] command = new String[properties.length + 4];
    command[0] = ProcessHandle.current().info().command().orElse("java");
    command[1] = "-Dquarkus.profile=embedded";
    System.arraycopy(properties, 0, command, 2, properties.length);
    command[properties.length + 2] = "-jar";
    command[properties.length + 3] = jar.toString();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve(name + ".log").toFile());
    builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    builder.environment().put("PG_JDBC_URL", jdbcUrl);
    return builder.start();
  }
}
