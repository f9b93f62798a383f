package dev.flexmoe.testkit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Cleanup that must run even when a test or the launcher exits without closing a server (Ctrl-C,
 * SIGTERM, a crashed test), so that no PostgreSQL process or temp directory outlives the JVM.
 *
 * <p>The JVM runs its shutdown hooks all at once, in no order. What uses the servers (the
 * launcher's services, which drain into Kafka and PostgreSQL as they stop) is registered with
 * {@link #beforeServers}: the servers' own cleanup waits for it before it stops them.
 */
public final class ShutdownHooks {

  /** How long a server's cleanup waits for its users to stop; past it, it stops regardless. */
  private static final long USERS_SECONDS = 90;

  private static final List<CompletableFuture<Void>> USERS = new CopyOnWriteArrayList<>();

  private ShutdownHooks() {}

  /** Runs {@code cleanup} at shutdown, before the embedded servers of this JVM stop. */
  public static void beforeServers(String name, Runnable cleanup) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    USERS.add(done);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    cleanup.run();
                  } finally {
                    done.complete(null);
                  }
                },
                name));
  }

  static Thread register(String name, Runnable cleanup) {
    Thread hook =
        new Thread(
            () -> {
              awaitUsers();
              cleanup.run();
            },
            name);
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  /** Unregisters a hook after the cleanup ran normally; harmless once the JVM is shutting down. */
  static void unregister(Thread hook) {
    if (hook == null || Thread.currentThread() == hook) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs (or ran) anyway; its cleanup is idempotent.
    }
  }

  private static void awaitUsers() {
    try {
      CompletableFuture.allOf(USERS.toArray(CompletableFuture[]::new))
          .get(USERS_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Stop the servers anyway: nothing may outlive the JVM.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
