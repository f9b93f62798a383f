package dev.flexmoe.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/**
 * Quarkus test resource: a PostgreSQL database of its own for the application under test, handed
 * over as the default datasource. On the server at {@code PG_JDBC_URL} (when set) it creates a
 * fresh database and drops it afterwards, so services sharing one server never see each other's
 * tables; otherwise it starts a throw-away {@link EmbeddedPostgres}.
 *
 * <pre>{@code @QuarkusTestResource(PostgresTestResource.class)}</pre>
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

  private EmbeddedPostgres postgres;
  private String database;

  @Override
  public Map<String, String> start() {
    postgres = EmbeddedPostgres.builder().start();
    String url;
    if (postgres.mode() == EmbeddedPostgres.Mode.EXTERNAL) {
      database = "test_" + UUID.randomUUID().toString().replace("-", "");
      url = postgres.createDatabase(database);
    } else {
      url = postgres.jdbcUrl();
    }
    return Map.of(
        "quarkus.datasource.db-kind",
        "postgresql",
        "quarkus.datasource.jdbc.url",
        url,
        "quarkus.datasource.username",
        postgres.username(),
        "quarkus.datasource.password",
        postgres.password());
  }

  @Override
  public void stop() {
    if (postgres == null) {
      return;
    }
    try {
      if (database != null) {
        postgres.dropDatabase(database);
      }
    } finally {
      postgres.close();
      postgres = null;
      database = null;
    }
  }
}
