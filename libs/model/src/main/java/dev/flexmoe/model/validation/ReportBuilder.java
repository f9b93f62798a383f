package dev.flexmoe.model.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects what the checks find, so that one failure never hides the next. */
final class ReportBuilder {

  private final List<Finding> findings = new ArrayList<>();
  private final Map<String, Double> metrics = new LinkedHashMap<>();
  private final List<ProjectionMeasure> projections = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();

  void fail(FindingCode code, String subject, String message) {
    findings.add(new Finding(code, subject, message));
  }

  void measure(Metric metric, double value) {
    metrics.put(metric.key(), value);
  }

  void measure(ProjectionMeasure projection) {
    projections.add(projection);
  }

  void skip(String check, String reason) {
    skipped.add(check + ": " + reason);
  }

  boolean clean() {
    return findings.isEmpty();
  }

  ValidationReport build(String digest) {
    return new ValidationReport(digest, findings, metrics, projections, skipped);
  }
}
