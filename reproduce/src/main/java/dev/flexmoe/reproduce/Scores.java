package dev.flexmoe.reproduce;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.eval.TokenLogProbs;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scoring systems on the validation set: each system's per-token log-probabilities on every domain,
 * computed once in a cached step, and the bits-per-byte rows made of them.
 */
final class Scores {

  /** A system's per-token log-probabilities: per domain, one array per validation document. */
  record LogProbs(Map<String, List<float[]>> byDomain) {

    List<float[]> on(String domain) {
      return byDomain.get(domain);
    }
  }

  /** Writes a system's scores of every domain into a step's output directory. */
  interface Scorer {
    void write(Path out) throws Exception;
  }

  private final StepRunner steps;
  private final StepCache.Step capped;
  private final ValidationSet validation;

  /**
   * @param capped the step that wrote the validation text; its key identifies what was scored
   */
  Scores(StepRunner steps, StepCache.Step capped, ValidationSet validation) {
    this.steps = steps;
    this.capped = capped;
    this.validation = validation;
  }

  ValidationSet validation() {
    return validation;
  }

  /** The scores of the checkpoint a step wrote, run with {@code forward}. */
  LogProbs of(String name, StepCache.Step model, Forward forward) {
    return cached(
        "eval-" + name,
        List.of(model.key(), forward.toString()),
        out -> {
          try (NDManager manager = NDManager.newBaseManager()) {
            FlexOlmoModel net = new FlexOlmoModel(HfCheckpoint.read(model.out(), manager));
            for (String domain : validation.sets()) {
              TokenLogProbFiles.write(
                  TokenLogProbs.of(net, validation.of(domain), validation.startToken(), forward),
                  out.resolve(domain + ".bin"));
            }
          }
        });
  }

  /**
   * Scores written by {@code scorer} in the step {@code step}, whose inputs are the validation
   * text's key and {@code inputs}.
   */
  LogProbs cached(String step, List<String> inputs, Scorer scorer) {
    Path dir =
        steps
            .run(
                step,
                StepRunner.inputs(
                    List.of(
                        capped.key(), "mixed=" + MixedWindows.HALF + "x" + MixedWindows.PER_PAIR),
                    inputs),
                (out, ck) -> {
                  Files.createDirectories(out);
                  scorer.write(out);
                })
            .out();
    Map<String, List<float[]>> scores = new LinkedHashMap<>();
    for (String domain : validation.sets()) {
      scores.put(domain, TokenLogProbFiles.read(dir.resolve(domain + ".bin")));
    }
    return new LogProbs(scores);
  }

  /** A system's score of each document, after the routing prefix. */
  DocumentScores documents(LogProbs logProbs) {
    return validation.score(logProbs.byDomain());
  }

  /**
   * A per-document ensemble of the candidates: for each document, {@code choose} makes its
   * per-token log-probabilities from the candidates' (in candidate order).
   */
  LogProbs perDocument(List<LogProbs> candidates, Function<List<float[]>, float[]> choose) {
    Map<String, List<float[]>> mixed = new LinkedHashMap<>();
    for (String domain : validation.sets()) {
      List<float[]> documents = new ArrayList<>();
      for (int d = 0; d < validation.of(domain).size(); d++) {
        documents.add(choose.apply(ofDocument(candidates, domain, d)));
      }
      mixed.put(domain, documents);
    }
    return new LogProbs(mixed);
  }

  /** Every candidate's per-token log-probabilities of one document, in candidate order. */
  static List<float[]> ofDocument(List<LogProbs> candidates, String domain, int document) {
    return candidates.stream().map(candidate -> candidate.on(domain).get(document)).toList();
  }
}
