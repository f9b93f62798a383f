package dev.flexmoe.training.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A running job's process. Its standard input stays open for as long as it may run: closing it (on
 * cancel, or by this service's death) makes the process halt at once.
 */
final class WorkerProcess {

  private static final long GRACE_MILLIS = 1_000;

  private final Process process;

  WorkerProcess(Process process) {
    this.process = process;
  }

  long pid() {
    return process.pid();
  }

  /** Hands each line the process writes on its standard output to {@code line}, until it ends. */
  void readLines(Consumer<String> line) {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String next = out.readLine(); next != null; next = out.readLine()) {
        line.accept(next);
      }
    } catch (IOException closed) {
      // Process.destroy closes the pipe (a cancel, the service stopping): the output ended all
      // the same, and how the process ended is for its exit code to say.
    }
  }

  int waitFor() throws InterruptedException {
    return process.waitFor();
  }

  /** Stops the process: end of input, then SIGTERM, then SIGKILL after a second. */
  void stop() {
    try {
      process.getOutputStream().close();
    } catch (IOException alreadyGone) {
      // The pipe is closed already: the process is ending.
    }
    process.destroy();
    try {
      if (!process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
