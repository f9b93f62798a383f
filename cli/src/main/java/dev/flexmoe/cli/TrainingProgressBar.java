package dev.flexmoe.cli;

import dev.flexmoe.model.train.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A training run's progress on stderr: step of total, loss, tokens per second and time left. On a
 * terminal the bar redraws in place every second; elsewhere (a CI log, a file) it prints a whole
 * line now and then, so a long run leaves a readable trail rather than a flood.
 */
final class TrainingProgressBar implements Consumer<Progress>, AutoCloseable {

  private static final int TERMINAL_REFRESH_MILLIS = 1_000;
  private static final int LOG_REFRESH_MILLIS = 30_000;
  private static final int LOG_LINE_LENGTH = 120;

  private final String task;
  private final PrintWriter err;
  private final boolean interactive;
  private ProgressBar bar;
  private volatile double etaSeconds;
  private String lastLine;

  TrainingProgressBar(String task, PrintWriter err, boolean interactive) {
    this.task = task;
    this.err = err;
    this.interactive = interactive;
  }

  @Override
  public void accept(Progress progress) {
    etaSeconds = progress.etaSeconds();
    if (bar == null) {
      // Built at the first step, so that a resumed run's bar starts where the run did.
      bar = open(progress.step() - 1, progress.totalSteps());
    }
    bar.setExtraMessage(
        String.format(
            Locale.ROOT,
            "loss %.3f, %s tok/s",
            progress.loss(),
            TextTable.compact(progress.tokensPerSecond())));
    bar.stepTo(progress.step());
  }

  private ProgressBar open(int from, int total) {
    ProgressBarBuilder builder =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(total)
            .startsFrom(from, Duration.ZERO)
            .setEtaFunction(state -> Optional.of(Duration.ofMillis((long) (etaSeconds * 1000))));
    if (interactive) {
      builder
          .setConsumer(new ConsoleProgressBarConsumer(System.err))
          .setUpdateIntervalMillis(TERMINAL_REFRESH_MILLIS);
    } else {
      builder
          .setStyle(ProgressBarStyle.ASCII)
          .setConsumer(new DelegatingProgressBarConsumer(this::logLine, LOG_LINE_LENGTH))
          .setUpdateIntervalMillis(LOG_REFRESH_MILLIS);
    }
    return builder.build();
  }

  /** Prints a line unless it repeats the last one (closing the bar draws the final state again). */
  private synchronized void logLine(String line) {
    if (!line.equals(lastLine)) {
      err.println(line);
      lastLine = line;
    }
  }

  /** Draws the final state. */
  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      err.flush();
    }
  }
}
