package dev.flexmoe.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flexmoe.testkit.EmbeddedPostgres.Mode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EmbeddedPostgresTest {

  private static Flyway flyway(EmbeddedPostgres postgres) {
    return Flyway.configure()
        .dataSource(postgres.jdbcUrl(), postgres.username(), postgres.password())
        .locations("classpath:db/migration")
        .load();
  }

  private static int countExperts(EmbeddedPostgres postgres) throws SQLException {
    try (Connection connection = postgres.connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT count(*) FROM expert")) {
      result.next();
      return result.getInt(1);
    }
  }

  /**
   * The modes that start a server here: zonky's binaries always, the machine's own where installed
   * (CI installs them).
   */
  static Stream<Mode> startedModes() {
    return EmbeddedPostgres.localBinariesAvailable()
        ? Stream.of(Mode.LOCAL, Mode.ZONKY)
        : Stream.of(Mode.ZONKY);
  }

  @ParameterizedTest
  @MethodSource("startedModes")
  void flywayMigrationAndDataSurviveARestart(Mode mode) throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().mode(mode).start()) {
      assertThat(postgres.mode()).isEqualTo(mode);
      MigrateResult migrated = flyway(postgres).migrate();
      assertThat(migrated.migrationsExecuted).isEqualTo(1);
      try (Connection connection = postgres.connect();
          Statement statement = connection.createStatement()) {
        statement.executeUpdate("INSERT INTO expert (id, owner_id) VALUES ('exp-1', 'owner-1')");
      }

      postgres.stop();
      assertThatThrownBy(postgres::connect).isInstanceOf(SQLException.class);
      postgres.start();

      assertThat(countExperts(postgres)).isEqualTo(1);
      assertThat(flyway(postgres).migrate().migrationsExecuted).isZero();
      assertThat(flyway(postgres).info().current().getVersion().getVersion()).isEqualTo("1");
    }
  }

  @ParameterizedTest
  @MethodSource("startedModes")
  void closeStopsTheServerAndDeletesItsData(Mode mode) throws Exception {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().mode(mode).start();
    Path root = postgres.root();
    assertThat(ProcessTable.mentioning(root)).isNotEmpty();

    postgres.close();

    assertThat(root).doesNotExist();
    assertThat(ProcessTable.mentioning(root)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("startedModes")
  void aPersistentDataDirIsKeptAndReused(Mode mode, @TempDir Path dir) throws Exception {
    Path dataDir = dir.resolve("pg");
    try (EmbeddedPostgres first = EmbeddedPostgres.builder().mode(mode).dataDir(dataDir).start()) {
      flyway(first).migrate();
    }
    assertThat(dataDir.resolve("data/PG_VERSION")).exists();

    try (EmbeddedPostgres second = EmbeddedPostgres.builder().mode(mode).dataDir(dataDir).start()) {
      assertThat(flyway(second).migrate().migrationsExecuted).isZero();
      assertThat(countExperts(second)).isZero();
    }
  }

  @Test
  void anExternalServerGetsADatabasePerUserAndIsNotRestarted() throws Exception {
    Mode started = startedModes().findFirst().orElseThrow();
    try (EmbeddedPostgres server = EmbeddedPostgres.builder().mode(started).start()) {
      String url = server.withCredentials(server.jdbcUrl());
      try (EmbeddedPostgres external =
          EmbeddedPostgres.builder().mode(Mode.EXTERNAL).jdbcUrl(url).start()) {
        String testDb = external.createDatabase("test_external");
        try (Connection connection =
            DriverManager.getConnection(testDb, external.username(), external.password())) {
          assertThat(connection.isValid(2)).isTrue();
        }
        external.dropDatabase("test_external");

        assertThat(external.mode()).isEqualTo(Mode.EXTERNAL);
        assertThat(external.port()).isEqualTo(server.port());
        assertThatThrownBy(external::stop).hasMessageContaining("run by someone else");
      }
      assertThat(countDatabases(server, "test_external")).isZero();
    }
  }

  private static int countDatabases(EmbeddedPostgres postgres, String name) throws SQLException {
    try (Connection connection = postgres.connect();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
      result.next();
      return result.getInt(1);
    }
  }

  @ParameterizedTest
  @MethodSource("startedModes")
  void aTakenPortFailsClearlyAndLeavesNothingBehind(Mode mode, @TempDir Path tempRoot)
      throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(
              () -> EmbeddedPostgres.builder().mode(mode).port(port).tempRoot(tempRoot).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("cannot start PostgreSQL: port " + port + " on 127.0.0.1 is already in use");
    }
    try (Stream<Path> left = Files.list(tempRoot)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void invalidDatabaseNamesAreRefused() {
    assertThatThrownBy(() -> EmbeddedPostgres.builder().database("x; DROP TABLE y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("database name");
  }
}
