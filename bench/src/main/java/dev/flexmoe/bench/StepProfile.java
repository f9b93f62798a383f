package dev.flexmoe.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.model.generate.Generator;
import dev.flexmoe.model.generate.Sampling;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a compiled decode step's time goes, from PyTorch's profiler: the operators the step's
 * TorchScript calls directly, their time and calls per step, and what is left between them (the
 * interpreter's own work).
 */
final class StepProfile {

  private static final int STEPS = 64;

  private record Event(String name, double start, double duration) {
    double end() {
      return start + duration;
    }
  }

  private record Totals(double micros, int calls) {}

  private final Map<String, Totals> operators;
  private final int steps;
  private final double stepMicros;

  private StepProfile(Map<String, Totals> operators, int steps, double stepMicros) {
    this.operators = operators;
    this.steps = steps;
    this.stepMicros = stepMicros;
  }

  /** Profiles {@value #STEPS} decode steps of one sequence after {@code prompt}. */
  static StepProfile of(FlexOlmoModel model, int[] prompt, Path trace) {
    Generator.generate(model, prompt, 8, Sampling.greedy(), t -> false, Forward.defaults());
    JniUtils.startProfile(false, false, false);
    Generator.generate(model, prompt, STEPS + 1, Sampling.greedy(), t -> false, Forward.defaults());
    JniUtils.stopProfile(trace.toAbsolutePath().toString());
    try {
      return read(new ObjectMapper().readTree(trace.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the profile " + trace, e);
    }
  }

  private static StepProfile read(JsonNode trace) {
    List<Event> events = new ArrayList<>();
    for (JsonNode event : trace) {
      if ("X".equals(event.path("ph").asText())) {
        events.add(
            new Event(
                event.path("name").asText(),
                event.path("ts").asDouble(),
                event.path("dur").asDouble()));
      }
    }
    events.sort(Comparator.comparingDouble(Event::start).thenComparing(e -> -e.duration()));
    Map<String, Totals> operators = new LinkedHashMap<>();
    Deque<Event> open = new ArrayDeque<>();
    int steps = 0;
    double stepMicros = 0;
    for (Event event : events) {
      while (!open.isEmpty() && event.start() >= open.peek().end()) {
        open.pop();
      }
      boolean step = "forward".equals(event.name());
      if (step && open.isEmpty()) {
        steps++;
        stepMicros += event.duration();
      }
      boolean insideStep =
          !open.isEmpty() && open.stream().allMatch(e -> "forward".equals(e.name()));
      if (!step && insideStep) {
        operators.merge(
            event.name(),
            new Totals(event.duration(), 1),
            (a, b) -> new Totals(a.micros() + b.micros(), a.calls() + b.calls()));
      }
      open.push(event);
    }
    if (steps == 0) {
      throw new IllegalStateException("the profile holds no compiled decode step");
    }
    return new StepProfile(operators, steps, stepMicros);
  }

  /** The breakdown as a Markdown table, largest first. */
  String table() {
    StringBuilder table = new StringBuilder();
    double perStep = stepMicros / steps;
    table.append(
        String.format(
            Locale.ROOT,
            "%nCompiled decode step under PyTorch's profiler: %d steps, %.0f us per step"
                + " (the profiler itself adds to every operator).%n%n",
            steps,
            perStep));
    table.append("| operator | us per step | calls per step | share of the step |\n");
    table.append("|---|---:|---:|---:|\n");
    double accounted = 0;
    List<Map.Entry<String, Totals>> largest = new ArrayList<>(operators.entrySet());
    largest.sort(Comparator.comparingDouble(e -> -e.getValue().micros()));
    for (Map.Entry<String, Totals> entry : largest) {
      accounted += entry.getValue().micros();
    }
    for (Map.Entry<String, Totals> entry : largest.subList(0, Math.min(15, largest.size()))) {
      double micros = entry.getValue().micros() / steps;
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.1f | %.1f%% |%n",
              entry.getKey(),
              micros,
              (double) entry.getValue().calls() / steps,
              100 * micros / perStep));
    }
    double between = (stepMicros - accounted) / steps;
    table.append(
        String.format(
            Locale.ROOT,
            "| (between operators: the interpreter) | %.1f | | %.1f%% |%n",
            between,
            100 * between / perStep));
    return table.toString();
  }
}
