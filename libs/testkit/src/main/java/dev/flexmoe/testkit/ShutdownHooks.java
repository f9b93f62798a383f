package dev.flexmoe.testkit;

/**
 * Registers cleanup that must run even when a test or the launcher exits without closing a server
 * (Ctrl-C, SIGTERM, a crashed test), so that no PostgreSQL process or temp directory outlives the
 * JVM.
 */
final class ShutdownHooks {

  private ShutdownHooks() {}

  static Thread register(String name, Runnable cleanup) {
    Thread hook = new Thread(cleanup, name);
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
}
