package dev.flexmoe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flexmoe policy history}: every audited change of an expert's license, oldest first. */
@Command(
    name = "history",
    description = "List every change of an expert's license: when, who, from what to what, why.")
final class PolicyHistoryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin PolicyServiceOptions service;

  @Parameters(paramLabel = "EXPERT", description = "The expert's registry id.")
  String expert;

  @Override
  public Integer call() {
    JsonNode changes =
        service.client().get(PolicyPaths.license(expert) + "/history", "application/json").json();
    TextTable table = new TextTable("changed at", "by", "role", "from", "to", "reason");
    for (JsonNode change : changes) {
      table.row(
          change.path("changedAt").asText(),
          change.path("actor").asText(),
          change.path("actorRole").asText()
              + (change.path("emergency").asBoolean() ? " (emergency)" : ""),
          describe(change.path("before")),
          describe(change.path("after")),
          LicenseText.orDash(change.path("reason")));
    }
    table.print(spec.commandLine().getOut(), 0);
    return 0;
  }

  /** A license in a few words: {@code RESTRICTED acme,globex}; {@code -} for none. */
  private static String describe(JsonNode license) {
    if (license.isMissingNode() || license.isNull()) {
      return "-";
    }
    String state = license.path("state").asText();
    if (!"RESTRICTED".equals(state)) {
      return state;
    }
    return state
        + " "
        + LicenseText.list(license.path("tenants"))
        + "/"
        + LicenseText.list(license.path("licenseClasses"));
  }
}
