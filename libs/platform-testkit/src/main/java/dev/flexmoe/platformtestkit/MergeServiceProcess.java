package dev.flexmoe.platformtestkit;

import dev.flexmoe.testkit.EmbeddedPostgres;
import dev.flexmoe.testkit.PackagedService;
import java.net.URI;
import java.nio.file.Path;

/**
 * The packaged merge service as a process of its own, for tests of services whose experts it
 * validates: registered experts become VALIDATED or REJECTED as in production.
 */
public final class MergeServiceProcess {

  private static final Path JAR = Path.of("../merge-service/target/quarkus-app/quarkus-run.jar");

  private MergeServiceProcess() {}

  /**
   * Starts the merge service on {@code bootstrap} with {@code database} (a JDBC URL on {@code
   * postgres}), fetching from {@code registry}, its cache and log under {@code work}; waits until
   * it is ready.
   */
  public static PackagedService start(
      String bootstrap, String database, EmbeddedPostgres postgres, URI registry, Path work) {
    return PackagedService.builder("merge-service", JAR)
        .connections(bootstrap, database)
        .property("flexmoe.dev-keys", "../expert-registry/dev-keys")
        .property("flexmoe.probe", "../data/flexmix-lite-sample/public/validation.jsonl.gz")
        .property("flexmoe.registry.url", registry.toString())
        .property("flexmoe.artifacts.cache-root", work.resolve("merge-cache").toString())
        .property("quarkus.datasource.username", postgres.username())
        .property("quarkus.datasource.password", postgres.password())
        .property("ai.djl.offline", "true")
        .property("ai.djl.pytorch.num_threads", "1")
        .logDir(work)
        .start();
  }
}
