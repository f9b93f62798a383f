package dev.flexmoe.model.validation;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertWeights;
import dev.flexmoe.model.artifact.Merger;
import dev.flexmoe.model.artifact.TensorFiles;
import dev.flexmoe.model.artifact.TensorLayout;
import dev.flexmoe.model.eval.BitsPerByte;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.nn.Forward;
import dev.flexmoe.model.safetensors.SafetensorsFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The public probe: the model with the new expert merged in may be worse than the model served now
 * by at most the tolerance. Merging as the service will (no train-time router bias), the candidate
 * is the current version's experts followed by the new one with the current k, or the public model
 * and the new expert with k = 2 when nothing is served yet.
 */
final class QualityGate {

  private QualityGate() {}

  static void check(
      AnchorModel anchor,
      SafetensorsFile tensors,
      TensorLayout layout,
      String domain,
      CurrentVersion current,
      ProbeText probe,
      ValidationSettings settings,
      ReportBuilder report) {
    ProbeText scored = probe.capped(settings.probeTokens());
    double without;
    double with;
    try (NDManager manager = NDManager.newBaseManager()) {
      ExpertWeights expert = ExpertWeights.empty(manager);
      TensorFiles.load(tensors, layout, ExpertArtifact.WEIGHTS, manager).forEach(expert::put);
      List<ExpertWeights> experts = new ArrayList<>();
      List<String> names = new ArrayList<>();
      ModelWeights served = anchor.weights();
      int topK = 2;
      if (current != null) {
        experts.addAll(current.experts());
        names.addAll(current.names());
        topK = current.topK();
        served = Merger.merge(anchor.weights(), experts, names, topK, false, manager);
      }
      experts.add(expert);
      names.add(domain);
      ModelWeights candidate = Merger.merge(anchor.weights(), experts, names, topK, false, manager);
      without = bitsPerByte(served, scored);
      with = bitsPerByte(candidate, scored);
    }
    report.measure(Metric.PROBE_BITS_PER_BYTE_WITHOUT, without);
    report.measure(Metric.PROBE_BITS_PER_BYTE_WITH, with);
    report.measure(Metric.PROBE_TOKENS, scored.tokens());
    if (!(with <= without + settings.probeTolerance())) {
      report.fail(
          FindingCode.PROBE_REGRESSION,
          "probe",
          String.format(
              Locale.ROOT,
              "with the expert the model scores %.4f bits per byte on the public probe text,"
                  + " %.4f more than the %.4f without it (tolerance %.4f)",
              with,
              with - without,
              without,
              settings.probeTolerance()));
    }
  }

  private static double bitsPerByte(ModelWeights weights, ProbeText probe) {
    return BitsPerByte.evaluate(
            new FlexOlmoModel(weights), probe.documents(), probe.startToken(), Forward.defaults())
        .bitsPerByte();
  }
}
