package dev.flexmoe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A license as the policy service returns it, printed for a person. */
final class LicenseText {

  private LicenseText() {}

  static void print(JsonNode license, PrintWriter out) {
    String state = license.path("state").asText();
    String effective = license.path("effectiveState").asText();
    new TextTable("expert", license.path("expertId").asText())
        .row("state", state.equals(effective) ? state : state + " (now " + effective + ")")
        .row("tenants", list(license.path("tenants")))
        .row("classes", list(license.path("licenseClasses")))
        .row("valid from", orDash(license.path("validFrom")))
        .row("valid until", orDash(license.path("validUntil")))
        .row("revision", license.path("revision").asLong())
        .row("updated", orDash(license.path("updatedAt")))
        .print(out, 0);
  }

  /** A JSON array of strings, comma-separated; {@code -} when empty. */
  static String list(JsonNode array) {
    List<String> items = new ArrayList<>();
    array.forEach(item -> items.add(item.asText()));
    return items.isEmpty() ? "-" : String.join(",", items);
  }

  static String orDash(JsonNode value) {
    return value.isMissingNode() || value.isNull() ? "-" : value.asText();
  }
}
