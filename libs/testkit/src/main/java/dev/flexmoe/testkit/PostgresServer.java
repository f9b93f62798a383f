package dev.flexmoe.testkit;

/** One way of having a PostgreSQL server: start it, stop it, reach it with a superuser. */
interface PostgresServer {

  /** Starts the server (initializing its data directory the first time). */
  void start();

  /** Stops the server; its data stays for the next start. */
  void stop();

  /** Where the server listens; servers this kit starts listen on the loopback interface only. */
  default String host() {
    return "127.0.0.1";
  }

  int port();

  String superuser();

  String superuserPassword();

  /** Whether {@link #stop()} and {@link #start()} apply (not to a server run by someone else). */
  boolean restartable();
}
