package dev.flexmoe.testkit;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL server someone else runs, named by a JDBC URL such as {@code
 * jdbc:postgresql://127.0.0.1:5432/flexmoe?user=flexmoe&password=secret}. The user must be allowed
 * to create databases.
 */
final class ExternalPostgres implements PostgresServer {

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String database;

  private ExternalPostgres(String host, int port, String user, String password, String database) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.database = database;
  }

  /** Reads host, port, database, user and password from a {@code jdbc:postgresql:} URL. */
  static ExternalPostgres fromJdbcUrl(
      String jdbcUrl, String userOverride, String passwordOverride) {
    if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "PG_JDBC_URL must start with jdbc:postgresql:// but is '" + jdbcUrl + "'");
    }
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("PG_JDBC_URL names no host: '" + jdbcUrl + "'");
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(
              pair.substring(0, eq),
              java.net.URLDecoder.decode(
                  pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    String user = userOverride != null ? userOverride : params.getOrDefault("user", "postgres");
    String password =
        passwordOverride != null ? passwordOverride : params.getOrDefault("password", "");
    return new ExternalPostgres(
        uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        user,
        password,
        path.isEmpty() ? "postgres" : path);
  }

  /** The database the URL names; used for administrative connections. */
  String database() {
    return database;
  }

  @Override
  public void start() {
    // Someone else runs it.
  }

  @Override
  public void stop() {
    // Someone else runs it.
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String superuser() {
    return user;
  }

  @Override
  public String superuserPassword() {
    return password;
  }

  @Override
  public boolean restartable() {
    return false;
  }
}
