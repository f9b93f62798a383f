package dev.flexmoe.training.service;

import dev.flexmoe.training.worker.TrainingWorker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts a job's process: this JVM's own java and classes, {@link TrainingWorker} as the entry
 * point, the job's folder as its argument, its standard error appended to the job's log. A process
 * per job keeps a crash, an out-of-memory error or a cancel away from the service, and gives the
 * native memory of PyTorch back when the job ends.
 */
@ApplicationScoped
public class WorkerLauncher {

  /** The job's log in its folder: what its process printed besides the protocol. */
  public static final String LOG = "worker.log";

  @Inject TrainingConfig config;

  WorkerProcess start(Path jobDir) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Arrays.stream(config.worker().jvmOptions().trim().split("\\s+"))
        .filter(option -> !option.isEmpty())
        .forEach(command::add);
    command.add("-cp");
    command.add(classpath());
    command.add(TrainingWorker.class.getName());
    command.add(jobDir.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(jobDir.resolve(LOG).toFile()));
    return new WorkerProcess(builder.start());
  }

  /**
   * The classes of this service: a packaged application runs as {@code quarkus-run.jar}, whose
   * libraries sit beside it (the fast-jar layout); anywhere else (tests) the class path is whole.
   */
  static String classpath() {
    String classpath = System.getProperty("java.class.path");
    Path single = Path.of(classpath);
    if (classpath.contains(File.pathSeparator)
        || !single.getFileName().toString().equals("quarkus-run.jar")) {
      return classpath;
    }
    Path app = single.toAbsolutePath().getParent();
    return String.join(
        File.pathSeparator,
        app.resolve("app").resolve("*").toString(),
        app.resolve("lib").resolve("main").resolve("*").toString(),
        app.resolve("lib").resolve("boot").resolve("*").toString());
  }
}
