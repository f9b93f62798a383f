package dev.flexmoe.training.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.train.Checkpoint;
import dev.flexmoe.model.train.Progress;
import dev.flexmoe.model.workflow.TrainDenseModel;
import dev.flexmoe.model.workflow.TrainExpert;
import dev.flexmoe.model.workflow.TrainPublicModel;
import dev.flexmoe.model.workflow.TrainTokenizer;
import dev.flexmoe.model.workflow.TuneRouter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.io.file.PathUtils;

/**
 * The process that trains one job: {@code java ... TrainingWorker JOB_DIR}. Reads {@code job.json},
 * runs libs/model's workflow (resuming from the newest checkpoint), and reports on standard output
 * as {@link WorkerMessage} lines. It lives exactly as long as the service that started it: when its
 * standard input closes (the service stopped, crashed or cancelled the job) it halts at once, so no
 * orphan trains on. A second process for the same job waits for the first to be gone (a file lock)
 * before it touches the checkpoints.
 */
public final class TrainingWorker {

  /** The spec's file name in the job's folder. */
  public static final String SPEC = "job.json";

  private static final String LOCK = "worker.lock";
  private static final int PARENT_GONE = 143;
  private static final long PROGRESS_NANOS = 100_000_000L;

  private final PrintStream protocol;
  private final ObjectMapper json = new ObjectMapper();

  private TrainingWorker(PrintStream protocol) {
    this.protocol = protocol;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: TrainingWorker JOB_DIR");
      System.exit(2);
    }
    // Standard output carries the protocol only; whatever else prints goes to the job's log.
    PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    haltWhenInputCloses(System.in);
    Path dir = Path.of(args[0]);
    TrainingWorker worker = new TrainingWorker(protocol);
    try (FileChannel channel =
            FileChannel.open(
                dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      WorkerSpec spec = worker.json.readValue(dir.resolve(SPEC).toFile(), WorkerSpec.class);
      worker.send(worker.run(spec));
    } catch (RuntimeException | IOException | OutOfMemoryError e) {
      e.printStackTrace(System.err);
      worker.send(WorkerMessage.failed(reason(e)));
      System.exit(1);
    }
    System.exit(0);
  }

  private WorkerMessage run(WorkerSpec spec) throws IOException {
    Checkpoint.latest(spec.checkpoints())
        .ifPresent(latest -> System.err.println("resuming from checkpoint " + latest));
    // As if one was sent a period ago, so that the first step is reported at once.
    long[] lastSent = {System.nanoTime() - PROGRESS_NANOS};
    Consumer<Progress> progress =
        p -> {
          // At most ten lines a second (and the last step): watchers see every step that matters,
          // and a fast run does not spend its time reporting.
          long now = System.nanoTime();
          if (p.step() == p.totalSteps() || now - lastSent[0] >= PROGRESS_NANOS) {
            lastSent[0] = now;
            send(
                WorkerMessage.progress(
                    p.step(),
                    p.totalSteps(),
                    p.loss(),
                    p.learningRate(),
                    p.tokensPerSecond(),
                    p.etaSeconds()));
          }
        };
    return switch (spec.kind()) {
      case EXPERT -> {
        if (Files.exists(spec.out())) {
          try {
            yield done(ExpertArtifact.open(spec.out()));
          } catch (RuntimeException incomplete) {
            // Cut off while writing: the final checkpoint makes the rerun short.
            PathUtils.deleteDirectory(spec.out());
          }
        }
        yield done(
            TrainExpert.run(
                spec.model(),
                spec.data(),
                spec.validation(),
                spec.domain(),
                spec.owner(),
                spec.settings(),
                spec.out(),
                spec.checkpoints(),
                progress));
      }
      case DENSE -> {
        clear(spec.out());
        TrainDenseModel.run(
            spec.model(), spec.data(), spec.settings(), spec.out(), spec.checkpoints(), progress);
        yield WorkerMessage.done(HfCheckpoint.digest(spec.out()), Map.of());
      }
      case PUBLIC -> {
        Path tokenizer = tokenizer(spec);
        clear(spec.out());
        TrainPublicModel.Summary summary =
            TrainPublicModel.run(
                spec.data(),
                tokenizer,
                spec.preset(),
                spec.settings(),
                spec.settings().seed(),
                spec.out(),
                spec.checkpoints(),
                progress);
        yield WorkerMessage.done(
            summary.digest(),
            Map.of(
                "trainLoss", summary.finalLoss(), "corpusTokens", (double) summary.corpusTokens()));
      }
      case ROUTER_TUNING -> {
        clear(spec.out());
        TuneRouter.run(
            spec.model(), spec.data(), spec.settings(), spec.out(), spec.checkpoints(), progress);
        yield WorkerMessage.done(HfCheckpoint.digest(spec.out()), Map.of());
      }
    };
  }

  /**
   * The public model's tokenizer, trained once per job beside its checkpoints (written whole, then
   * moved): a resumed job trains on with the vocabulary its checkpoints were made with.
   */
  private static Path tokenizer(WorkerSpec spec) throws IOException {
    Path tokenizer = spec.out().resolveSibling(HfCheckpoint.TOKENIZER);
    if (!Files.exists(tokenizer)) {
      System.err.println("training the tokenizer to " + spec.vocabSize() + " tokens");
      Path staged = spec.out().resolveSibling(HfCheckpoint.TOKENIZER + ".partial");
      TrainTokenizer.run(spec.data(), spec.vocabSize(), staged);
      Files.move(staged, tokenizer, StandardCopyOption.ATOMIC_MOVE);
    }
    return tokenizer;
  }

  private static WorkerMessage done(ExpertArtifact artifact) {
    return WorkerMessage.done(artifact.digest(), artifact.manifest().metrics());
  }

  private static void clear(Path out) throws IOException {
    if (Files.exists(out)) {
      PathUtils.deleteDirectory(out);
    }
  }

  private synchronized void send(WorkerMessage message) {
    try {
      protocol.println(json.writeValueAsString(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String reason(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static void haltWhenInputCloses(InputStream in) {
    Thread watcher =
        new Thread(
            () -> {
              try {
                while (in.read() >= 0) {
                  // The service writes nothing; any byte is ignored.
                }
              } catch (IOException ignored) {
                // A broken pipe means the same as end of input.
              }
              System.err.println("the training service is gone: stopping");
              Runtime.getRuntime().halt(PARENT_GONE);
            },
            "parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
