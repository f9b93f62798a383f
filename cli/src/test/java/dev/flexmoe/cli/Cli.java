package dev.flexmoe.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code flexmoe} in this JVM, as a user would type it, capturing what it prints. */
final class Cli {

  private Cli() {}

  /** What one invocation did. */
  record Run(int exitCode, String out, String err) {

    /** The non-blank lines of stderr. */
    List<String> errLines() {
      return err.lines().filter(line -> !line.isBlank()).toList();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  /**
   * Runs a command line given as words separated by spaces; each word {@code %s} stands for the
   * next of {@code values}, as one argument even if it holds spaces (a path, a prompt).
   */
  static Run run(String command, Object... values) {
    return run(args(command, values));
  }

  /** The arguments of a command line written as for {@link #run(String, Object...)}. */
  static List<String> args(String command, Object... values) {
    List<String> args = new ArrayList<>();
    int next = 0;
    for (String word : command.trim().split(" +")) {
      args.add(word.equals("%s") ? String.valueOf(values[next++]) : word);
    }
    if (next != values.length) {
      throw new IllegalArgumentException(
          values.length + " values for " + next + " %s in " + command);
    }
    return args;
  }

  static Run run(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        Flexmoe.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), false)
            .execute(args.toArray(String[]::new));
    return new Run(exitCode, out.toString(), err.toString());
  }
}
