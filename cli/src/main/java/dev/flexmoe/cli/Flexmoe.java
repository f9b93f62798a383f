package dev.flexmoe.cli;

import dev.flexmoe.model.artifact.MergeException;
import dev.flexmoe.model.safetensors.SafetensorsFormatException;
import dev.flexmoe.model.train.TrainingDivergedException;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/**
 * The {@code flexmoe} command: train a tokenizer, a public model, experts and dense baselines;
 * merge, evaluate, generate; move checkpoints to and from Hugging Face; inspect artifacts.
 */
@Command(
    name = "flexmoe",
    versionProvider = Flexmoe.Version.class,
    description = {
      "FlexOlmo-style mixture-of-experts models: experts trained independently against a public"
          + " model, merged without joint training, switched off per request."
    },
    subcommands = {
      TokenizerCommand.class,
      TrainCommand.class,
      MergeCommand.class,
      EvalCommand.class,
      GenerateCommand.class,
      ExportHfCommand.class,
      ImportHfCommand.class,
      InspectCommand.class,
      ExpertCommand.class,
      PolicyCommand.class,
      ReproduceCommand.class
    })
public final class Flexmoe {

  // Not mixinStandardHelpOptions: its --version would clash with 'merge --version N'.
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      scope = ScopeType.INHERIT,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = {"-V", "--version"},
      versionHelp = true,
      description = "Print the version and exit.")
  boolean version;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print the stack trace of an error, not only its message.")
  boolean verbose;

  private final boolean interactive;

  /**
   * @param interactive whether stderr is a terminal: the progress bar redraws itself in place
   *     there, and prints an occasional line elsewhere (logs)
   */
  Flexmoe(boolean interactive) {
    this.interactive = interactive;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(commandLine(out, err, stderrIsTerminal()).execute(args));
  }

  /** The command line: results go to {@code out}, progress and errors to {@code err}. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean interactive) {
    CommandLine commandLine = new CommandLine(new Flexmoe(interactive));
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setParameterExceptionHandler(Flexmoe::usageError);
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> runtimeError(e, cmd, root(cmd).verbose));
    return commandLine;
  }

  /** The root command object of any of its subcommands. */
  static Flexmoe root(CommandLine cmd) {
    return (Flexmoe) cmd.getCommandSpec().root().userObject();
  }

  /**
   * Refuses an output that exists, before any work: the writers refuse it too, but only once the
   * work is done.
   */
  static void requireNewOutput(Path out) {
    if (Files.exists(out)) {
      throw new IllegalArgumentException(out + " exists already; choose a new --out path");
    }
  }

  TrainingProgressBar progressBar(String task, PrintWriter err) {
    return new TrainingProgressBar(task, err, interactive);
  }

  /** A malformed command line: one line, and the help that would show how to write it. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    cmd.getErr()
        .println(
            "flexmoe: "
                + firstLine(e.getMessage())
                + " (see '"
                + cmd.getCommandSpec().qualifiedName()
                + " --help')");
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /**
   * A failure while running: one line for what the user can act on (a missing or invalid file, a
   * bad value, experts that do not fit together); a stack trace only for what looks like a defect,
   * or when asked with --verbose.
   */
  private static int runtimeError(Exception e, CommandLine cmd, boolean verbose) {
    PrintWriter err = cmd.getErr();
    if (isUserError(e)) {
      err.println("flexmoe: " + message(e));
    } else {
      err.println("flexmoe: internal error: " + e);
    }
    if (verbose || !isUserError(e)) {
      e.printStackTrace(err);
    }
    err.flush();
    return cmd.getCommandSpec().exitCodeOnExecutionException();
  }

  private static boolean isUserError(Exception e) {
    return e instanceof IllegalArgumentException
        || e instanceof MergeException
        || e instanceof SafetensorsFormatException
        || e instanceof TrainingDivergedException
        || e instanceof UncheckedIOException
        || e instanceof IOException;
  }

  private static String message(Exception e) {
    if (e instanceof UncheckedIOException unchecked) {
      return firstLine(unchecked.getMessage()) + ": " + describe(unchecked.getCause());
    }
    if (e instanceof IOException io) {
      return describe(io);
    }
    if (e instanceof TrainingDivergedException) {
      return firstLine(e.getMessage()) + "; try a lower --lr";
    }
    return e.getMessage() == null ? e.toString() : firstLine(e.getMessage());
  }

  /** An I/O failure in words: java.nio's exceptions carry only the path as their message. */
  private static String describe(IOException e) {
    String what =
        e instanceof NoSuchFileException
            ? "no such file or directory"
            : e instanceof FileAlreadyExistsException
                ? "exists already"
                : e instanceof AccessDeniedException
                    ? "permission denied"
                    : e instanceof DirectoryNotEmptyException
                        ? "directory not empty"
                        : e instanceof NotDirectoryException ? "not a directory" : null;
    if (what == null) {
      return e.getMessage() == null ? e.toString() : firstLine(e.getMessage());
    }
    return e.getMessage() == null ? what : what + ": " + e.getMessage();
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /**
   * Whether stderr is (most likely) a terminal. The JDK tells only about stdin and stdout: before
   * JDK 22 through a null console, from 22 on through {@code Console.isTerminal()}.
   */
  private static boolean stderrIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** The version of the jar, as Maven wrote it into its manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Flexmoe.class.getPackage().getImplementationVersion();
      return new String[] {"flexmoe " + (version == null ? "(development build)" : version)};
    }
  }
}
