package dev.flexmoe.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flexmoe policy set}: replaces an expert's license (its owner; an operator only OFF). */
@Command(
    name = "set",
    description = {
      "Set who may use an expert: OPEN (every tenant), RESTRICTED (the listed tenants and license"
          + " classes) or OFF, optionally within a time window. Published to every inference"
          + " replica at once."
    })
final class PolicySetCommand implements Callable<Integer> {

  /** The states the service knows; a misspelt one is refused before any call. */
  enum State {
    OPEN,
    RESTRICTED,
    OFF
  }

  @Spec CommandSpec spec;

  @Mixin PolicyServiceOptions service;

  @Parameters(paramLabel = "EXPERT", description = "The expert's registry id.")
  String expert;

  @Option(names = "--state", required = true, description = "${COMPLETION-CANDIDATES}")
  State state;

  @Option(
      names = "--tenant",
      split = ",",
      paramLabel = "ID",
      description = "A tenant granted use when RESTRICTED (repeat or comma-separate).")
  List<String> tenants = List.of();

  @Option(
      names = "--class",
      split = ",",
      paramLabel = "NAME",
      description = "A license class granted use when RESTRICTED, e.g. research.")
  List<String> licenseClasses = List.of();

  @Option(
      names = "--valid-from",
      paramLabel = "INSTANT",
      description = "OFF before this time (ISO-8601, e.g. 2027-01-01T00:00:00Z).")
  Instant validFrom;

  @Option(
      names = "--valid-until",
      paramLabel = "INSTANT",
      description = "OFF from this time on (ISO-8601).")
  Instant validUntil;

  @Option(names = "--reason", required = true, description = "Why, for the audit.")
  String reason;

  @Option(
      names = "--if-revision",
      paramLabel = "N",
      description = "Only if the license is still at this revision (from 'policy show').")
  Long ifRevision;

  @Override
  public Integer call() {
    ObjectNode body = PolicyClient.json().createObjectNode();
    body.put("state", state.name());
    tenants.forEach(body.putArray("tenants")::add);
    licenseClasses.forEach(body.putArray("licenseClasses")::add);
    if (validFrom != null) {
      body.put("validFrom", validFrom.toString());
    }
    if (validUntil != null) {
      body.put("validUntil", validUntil.toString());
    }
    body.put("reason", reason);
    PolicyClient.Reply reply = service.client().put(PolicyPaths.license(expert), body, ifRevision);
    LicenseText.print(reply.json(), spec.commandLine().getOut());
    return 0;
  }
}
