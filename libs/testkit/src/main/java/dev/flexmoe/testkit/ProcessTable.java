package dev.flexmoe.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The machine's running processes, read from {@code /proc}: lets a test prove that a server it
 * stopped left no process behind.
 */
public final class ProcessTable {

  private ProcessTable() {}

  /** Ids of the processes whose command line mentions a path, e.g. a server's data directory. */
  public static List<Long> mentioning(Path path) {
    String needle = path.toString();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes
          .filter(process -> process.getFileName().toString().matches("\\d+"))
          .filter(process -> commandLine(process).contains(needle))
          .map(process -> Long.parseLong(process.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc", e);
    }
  }

  private static String commandLine(Path process) {
    try {
      return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
    } catch (IOException exited) {
      return "";
    }
  }
}
