package dev.flexmoe.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The machine's own PostgreSQL binaries (initdb, pg_ctl), with a private data directory and port.
 *
 * <p>PostgreSQL refuses to run as root. As root, the tools run in a user namespace ({@code unshare
 * --user}), where the process is not root but files are still root's; where user namespaces are not
 * allowed, they run as the {@code postgres} user (via {@code runuser}), which must then be able to
 * reach the data directory.
 */
final class LocalPostgres implements PostgresServer {

  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(90);

  private final Path binDir;
  private final Path root;
  private final Path dataDir;
  private final int port;
  private final String superuser;
  private final String password;
  private final boolean durable;
  private final List<String> runAs;

  /**
   * @param root holds {@code data/}, the server log and the socket; must not be shared
   * @param durable false trades crash safety for speed (fsync off), for throw-away data
   */
  LocalPostgres(
      Path binDir, Path root, int port, String superuser, String password, boolean durable) {
    this.binDir = binDir;
    this.root = root;
    this.dataDir = root.resolve("data");
    this.port = port;
    this.superuser = superuser;
    this.password = password;
    this.durable = durable;
    this.runAs = runAsPrefix();
  }

  /** Where this machine's initdb and pg_ctl are, if it has them. */
  static Optional<Path> findBinaries() {
    String configured = System.getenv("PG_BIN_DIR");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(LocalPostgres::hasTools);
    }
    List<Path> candidates = new ArrayList<>();
    candidates.addAll(binDirsByVersion(Path.of("/usr/lib/postgresql"), "")); // Debian, Ubuntu
    candidates.addAll(binDirsByVersion(Path.of("/usr"), "pgsql-")); // RHEL, Fedora
    String path = System.getenv("PATH");
    if (path != null) {
      Stream.of(path.split(java.io.File.pathSeparator)).map(Path::of).forEach(candidates::add);
    }
    return candidates.stream().filter(LocalPostgres::hasTools).findFirst();
  }

  private static boolean hasTools(Path dir) {
    return Files.isExecutable(dir.resolve("initdb"))
        && Files.isExecutable(dir.resolve("pg_ctl"))
        && Files.isExecutable(dir.resolve("postgres"));
  }

  /** {@code parent/<namePrefix><version>/bin}, newest version first. */
  private static List<Path> binDirsByVersion(Path parent, String namePrefix) {
    if (!Files.isDirectory(parent)) {
      return List.of();
    }
    List<Path> dirs = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, namePrefix + "[0-9]*")) {
      children.forEach(child -> dirs.add(child.resolve("bin")));
    } catch (IOException e) {
      return List.of();
    }
    dirs.sort(
        Comparator.comparingDouble(
                (Path dir) -> versionOf(dir.getParent().getFileName().toString(), namePrefix))
            .reversed());
    return dirs;
  }

  private static double versionOf(String name, String prefix) {
    try {
      return Double.parseDouble(name.substring(prefix.length()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void start() {
    if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
      initialize();
    }
    List<String> options =
        new ArrayList<>(
            List.of(
                "-p " + port,
                "-c listen_addresses=127.0.0.1",
                "-c unix_socket_directories='" + root + "'",
                "-c max_connections=200"));
    if (!durable) {
      options.addAll(
          List.of("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"));
    }
    tool(
        "pg_ctl",
        "-D",
        dataDir.toString(),
        "-l",
        root.resolve("postgres.log").toString(),
        "-w",
        "-t",
        "60",
        "-o",
        String.join(" ", options),
        "start");
  }

  @Override
  public void stop() {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    try {
      tool("pg_ctl", "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60", "stop");
    } catch (IllegalStateException e) {
      // Ctrl-C reaches the server too (same process group) and it may have stopped meanwhile.
      if (Files.exists(pidFile)) {
        throw e;
      }
    }
  }

  private void initialize() {
    Path passwordFile = root.resolve("initdb.pw");
    try {
      Files.writeString(passwordFile, password + "\n");
      grantToRunAsUser(passwordFile);
      tool(
          "initdb",
          "-D",
          dataDir.toString(),
          "-U",
          superuser,
          "--pwfile=" + passwordFile,
          "--auth=scram-sha-256",
          "-E",
          "UTF8",
          "--no-locale",
          "--no-sync");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + root, e);
    } finally {
      try {
        Files.deleteIfExists(passwordFile);
      } catch (IOException ignored) {
        // initdb already read it; a leftover in a private directory is harmless
      }
    }
  }

  private void tool(String name, String... args) {
    List<String> command = new ArrayList<>(runAs);
    command.add(binDir.resolve(name).toString());
    command.addAll(List.of(args));
    try {
      Processes.run(command, root, TOOL_TIMEOUT);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "PostgreSQL " + name + " " + e.getMessage() + serverLogTail(), e);
    }
  }

  private String serverLogTail() {
    Path log = root.resolve("postgres.log");
    try {
      if (!Files.exists(log)) {
        return "";
      }
      List<String> lines = Files.readAllLines(log);
      return "\nserver log:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean isRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  private static List<String> runAsPrefix() {
    if (!isRoot()) {
      return List.of();
    }
    // In a user namespace the tools are not root, yet may use any directory root may use.
    if (Processes.succeeds(List.of("unshare", "--user", "true"))) {
      return List.of("unshare", "--user", "--");
    }
    if (Processes.succeeds(List.of("id", "-u", "postgres"))
        && Processes.succeeds(List.of("runuser", "--help"))) {
      return List.of("runuser", "-u", "postgres", "--");
    }
    throw new IllegalStateException(
        "PostgreSQL refuses to run as root, and neither 'unshare --user' nor a 'postgres' user"
            + " (with runuser) is available to run it as someone else");
  }

  /** Makes the server's directory tree belong to the user the tools run as. */
  private void grantToRunAsUser(Path path) throws IOException {
    if (runAs.isEmpty() || !runAs.get(0).equals("runuser")) {
      return;
    }
    UserPrincipal postgres =
        path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
    try (Stream<Path> tree = Files.walk(path)) {
      for (Path each : (Iterable<Path>) tree::iterator) {
        Files.setOwner(each, postgres);
      }
    }
  }

  /** Prepares {@code root} for the tools' user; called once before {@link #start()}. */
  void prepare() {
    try {
      Files.createDirectories(root);
      grantToRunAsUser(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + root + " for PostgreSQL", e);
    }
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String superuser() {
    return superuser;
  }

  @Override
  public String superuserPassword() {
    return password;
  }

  @Override
  public boolean restartable() {
    return true;
  }
}
