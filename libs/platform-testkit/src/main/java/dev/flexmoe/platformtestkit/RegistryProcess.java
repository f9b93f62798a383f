package dev.flexmoe.platformtestkit;

import dev.flexmoe.testkit.EmbeddedPostgres;
import dev.flexmoe.testkit.PackagedService;
import java.nio.file.Path;

/**
 * The packaged expert registry as a process of its own, for the tests of the services around it.
 */
public final class RegistryProcess {

  private static final Path JAR = Path.of("../expert-registry/target/quarkus-app/quarkus-run.jar");

  private RegistryProcess() {}

  /**
   * Starts the registry on {@code bootstrap} with {@code database} (a JDBC URL on {@code postgres},
   * whose credentials it gets), its blobs and log under {@code work}, and waits until it is ready.
   */
  public static PackagedService start(
      String bootstrap, String database, EmbeddedPostgres postgres, Path work) {
    return PackagedService.builder("expert-registry", JAR)
        .connections(bootstrap, database)
        .property("registry.dev-keys", "../expert-registry/dev-keys")
        .property("registry.blobs.root", work.resolve("blobs").toString())
        .property("quarkus.datasource.username", postgres.username())
        .property("quarkus.datasource.password", postgres.password())
        .logDir(work)
        .start();
  }
}
