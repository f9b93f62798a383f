package dev.flexmoe.model.validation;

import dev.flexmoe.model.ModelWeights;
import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.artifact.ExpertLayout;
import dev.flexmoe.model.artifact.TensorLayout;
import dev.flexmoe.model.safetensors.SafetensorsFile;
import dev.flexmoe.model.safetensors.SafetensorsTensor;
import java.util.Locale;
import java.util.Optional;

/**
 * Each expert projection against the public FFN's same projection. An expert starts as a copy of
 * the public FFN ({@link dev.flexmoe.model.train.ExpertTraining}), so training leaves its norm near
 * the public one's and its direction close to it; a scaled expert fails the norm, weights that
 * never came from this anchor (noise, another model) fail the cosine similarity.
 */
final class NumericSanity {

  private NumericSanity() {}

  static void check(
      SafetensorsFile file,
      TensorLayout layout,
      ModelWeights anchor,
      ValidationSettings settings,
      ReportBuilder report) {
    double minRatio = Double.POSITIVE_INFINITY;
    double maxRatio = Double.NEGATIVE_INFINITY;
    double minCosine = Double.POSITIVE_INFINITY;
    for (int layer = 0; layer < anchor.config().numHiddenLayers(); layer++) {
      for (String projection : TensorNames.PROJECTIONS) {
        String name = ExpertLayout.projection(layer, projection);
        Optional<SafetensorsTensor> tensor = file.find(name);
        if (tensor.isEmpty() || !TensorChecks.comparable(tensor.get(), layout)) {
          continue;
        }
        ProjectionMeasure measure =
            measure(
                name,
                tensor.get().toFloatArray(),
                anchor.get(TensorNames.expert(layer, 0, projection)).toFloatArray());
        report.measure(measure);
        judge(measure, settings, report);
        minRatio = Math.min(minRatio, measure.normRatio());
        maxRatio = Math.max(maxRatio, measure.normRatio());
        minCosine = Math.min(minCosine, measure.cosine());
      }
    }
    if (Double.isFinite(minCosine)) {
      report.measure(Metric.NORM_RATIO_MIN, minRatio);
      report.measure(Metric.NORM_RATIO_MAX, maxRatio);
      report.measure(Metric.COSINE_TO_PUBLIC_MIN, minCosine);
    }
  }

  static ProjectionMeasure measure(String name, float[] expert, float[] publicFfn) {
    double dot = 0;
    double expertSquares = 0;
    double publicSquares = 0;
    for (int i = 0; i < expert.length; i++) {
      dot += (double) expert[i] * publicFfn[i];
      expertSquares += (double) expert[i] * expert[i];
      publicSquares += (double) publicFfn[i] * publicFfn[i];
    }
    double expertNorm = Math.sqrt(expertSquares);
    double publicNorm = Math.sqrt(publicSquares);
    double cosine = expertNorm == 0 || publicNorm == 0 ? 0 : dot / (expertNorm * publicNorm);
    return new ProjectionMeasure(name, expertNorm / publicNorm, cosine);
  }

  private static void judge(
      ProjectionMeasure measure, ValidationSettings settings, ReportBuilder report) {
    double factor = settings.normFactor();
    if (!(measure.normRatio() >= 1 / factor && measure.normRatio() <= factor)) {
      report.fail(
          FindingCode.NORM_OUT_OF_RANGE,
          TensorChecks.subject(measure.tensor()),
          String.format(
              Locale.ROOT,
              "%s has %.4g times the Frobenius norm of the public FFN's; allowed is %.4g to %.4g",
              measure.tensor(),
              measure.normRatio(),
              1 / factor,
              factor));
    }
    if (!(measure.cosine() >= settings.cosineFloor())) {
      report.fail(
          FindingCode.UNRELATED_TO_ANCHOR,
          TensorChecks.subject(measure.tensor()),
          String.format(
              Locale.ROOT,
              "%s has cosine similarity %.4f to the public FFN's, below the floor of %.4f: an"
                  + " expert trained from this public model stays close to it",
              measure.tensor(),
              measure.cosine(),
              settings.cosineFloor()));
    }
  }
}
