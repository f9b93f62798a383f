package dev.flexmoe.model.validation;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The outcome of validating one expert artifact: every failed check, what was measured, and which
 * checks could not run and why.
 *
 * @param digest the SHA-256 of the tensors as validated
 * @param findings every failed check, in the order they were checked; empty when it passed
 * @param metrics the measurements by {@link Metric#key()}, in a stable order
 * @param projections each expert projection held against the public FFN
 * @param skipped the checks that did not run, each with its reason
 */
public record ValidationReport(
    String digest,
    List<Finding> findings,
    Map<String, Double> metrics,
    List<ProjectionMeasure> projections,
    List<String> skipped) {

  public ValidationReport {
    findings = List.copyOf(findings);
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    projections = List.copyOf(projections);
    skipped = List.copyOf(skipped);
  }

  /** Whether the artifact may be merged: no check failed. */
  public boolean passed() {
    return findings.isEmpty();
  }

  /** The distinct codes of the findings. */
  public Set<FindingCode> codes() {
    Set<FindingCode> codes = EnumSet.noneOf(FindingCode.class);
    findings.forEach(finding -> codes.add(finding.code()));
    return codes;
  }

  public OptionalDouble metric(Metric metric) {
    Double value = metrics.get(metric.key());
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }
}
