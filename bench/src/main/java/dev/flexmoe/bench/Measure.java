package dev.flexmoe.bench;

import ai.djl.engine.Engine;
import java.util.Arrays;
import java.util.Locale;

/** Runs a piece of work a few times after warm-up and reports the durations. */
public final class Measure {

  private Measure() {}

  /** The median seconds of {@code runs} runs after {@code warmups} unmeasured ones. */
  public static double medianSeconds(int warmups, int runs, Runnable work) {
    return sortedSeconds(warmups, runs, work)[runs / 2];
  }

  /** The seconds of each of {@code runs} runs after {@code warmups} unmeasured ones, ascending. */
  public static double[] sortedSeconds(int warmups, int runs, Runnable work) {
    for (int i = 0; i < warmups; i++) {
      work.run();
    }
    double[] seconds = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      work.run();
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(seconds);
    return seconds;
  }

  /** The engine the figures come from: "PyTorch 2.7.1, 1 intra-op thread(s)". */
  public static String runtime() {
    return String.format(
        Locale.ROOT,
        "PyTorch %s, %d intra-op thread(s)",
        Engine.getInstance().getVersion(),
        Integer.getInteger(
            "ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()));
  }

  /** The nearest-rank {@code q}-quantile (0 < q <= 1) of ascending values. */
  public static double percentile(double[] ascending, double q) {
    int rank = (int) Math.ceil(q * ascending.length);
    return ascending[Math.max(0, Math.min(ascending.length, rank) - 1)];
  }
}
