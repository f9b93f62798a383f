package dev.flexmoe.merge.service;

import dev.flexmoe.model.validation.Finding;
import dev.flexmoe.model.validation.ProjectionMeasure;
import dev.flexmoe.model.validation.ValidationReport;
import java.util.List;
import java.util.Map;

/**
 * A validation report as stored and shown: the findings carry their stable codes.
 *
 * @param digest the SHA-256 of the tensors as validated
 * @param findings every failed check; empty when the expert passed
 * @param metrics what was measured, e.g. {@code probeBitsPerByteDelta}
 * @param projections each expert projection's norm ratio and cosine to the public FFN
 * @param skipped the checks that did not run, each with its reason
 */
public record ReportDocument(
    String digest,
    boolean passed,
    List<Item> findings,
    Map<String, Double> metrics,
    List<ProjectionMeasure> projections,
    List<String> skipped) {

  /** One failed check: its stable code, what it concerns and what was wrong. */
  public record Item(String code, String subject, String message) {}

  static ReportDocument of(ValidationReport report) {
    return new ReportDocument(
        report.digest(),
        report.passed(),
        report.findings().stream().map(ReportDocument::item).toList(),
        report.metrics(),
        report.projections(),
        report.skipped());
  }

  /** A refusal decided before the artifact could be checked at all. */
  static ReportDocument refusedUnchecked(String digest, Item finding) {
    return new ReportDocument(
        digest,
        false,
        List.of(finding),
        Map.of(),
        List.of(),
        List.of("every check: " + finding.message()));
  }

  private static Item item(Finding finding) {
    return new Item(finding.code().code(), finding.subject(), finding.message());
  }
}
