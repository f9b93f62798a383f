package dev.flexmoe.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the PostgreSQL command-line tools and reports their output when they fail. */
final class Processes {

  private Processes() {}

  /**
   * Runs a command to completion. Output goes to a file rather than a pipe: {@code pg_ctl start}
   * leaves a server running that may inherit the pipe, and reading it would never end.
   */
  static String run(List<String> command, Path workDir, Duration timeout) {
    Path output = null;
    try {
      output = Files.createTempFile("flexmoe-cmd-", ".log");
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "timed out after " + timeout + ": " + String.join(" ", command) + "\n" + read(output));
      }
      String text = read(output);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "failed (exit "
                + process.exitValue()
                + "): "
                + String.join(" ", command)
                + "\n"
                + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a leftover log file in the temp dir is harmless
        }
      }
    }
  }

  /** Whether a command exits with 0, e.g. to probe for a tool or a user. */
  static boolean succeeds(List<String> command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
