package dev.flexmoe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code flexmoe policy usage}: tokens an expert served, per tenant or per UTC day; without an
 * expert, every expert's per tenant (operators).
 */
@Command(
    name = "usage",
    description = {
      "Show how many tokens an expert served, by tenant or by day (its owner); without EXPERT,"
          + " every expert's by tenant (operators)."
    })
final class PolicyUsageCommand implements Callable<Integer> {

  /** How an expert's usage is summed. */
  enum GroupBy {
    tenant,
    day
  }

  @Spec CommandSpec spec;

  @Mixin PolicyServiceOptions service;

  @Parameters(
      paramLabel = "EXPERT",
      arity = "0..1",
      description = "The expert's registry id; omit for every expert.")
  String expert;

  @Option(
      names = "--from",
      paramLabel = "DATE",
      description = "First UTC day, inclusive (default: 30 days before --to).")
  LocalDate from;

  @Option(
      names = "--to",
      paramLabel = "DATE",
      description = "Last UTC day, inclusive (default: today).")
  LocalDate to;

  @Option(
      names = "--by",
      defaultValue = "tenant",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); one expert only.")
  GroupBy groupBy;

  @Option(names = "--csv", description = "Print CSV as the service writes it, for a spreadsheet.")
  boolean csv;

  @Override
  public Integer call() {
    LocalDate last = to != null ? to : LocalDate.now(ZoneOffset.UTC);
    LocalDate first = from != null ? from : last.minusDays(30);
    String range = "?from=" + first + "&to=" + last;
    PolicyClient client = service.client();
    PrintWriter out = spec.commandLine().getOut();
    if (expert == null) {
      printAll(client.get("usage" + range, "application/json").json(), out);
      return 0;
    }
    String path = PolicyPaths.expert(expert) + "/usage" + range + "&groupBy=" + groupBy.name();
    if (csv) {
      out.print(client.get(path, "text/csv").body());
      out.flush();
      return 0;
    }
    TextTable table = new TextTable(groupBy.name(), ">tokens");
    long total = 0;
    for (JsonNode line : client.get(path, "application/json").json()) {
      table.row(line.path("key").asText(), line.path("tokens").asLong());
      total += line.path("tokens").asLong();
    }
    table.row("total", total).print(out, 0);
    return 0;
  }

  private void printAll(JsonNode lines, PrintWriter out) {
    if (csv) {
      out.println("expert,tenant,tokens");
      lines.forEach(
          line ->
              out.println(
                  line.path("expertId").asText()
                      + ","
                      + line.path("tenant").asText()
                      + ","
                      + line.path("tokens").asLong()));
      return;
    }
    TextTable table = new TextTable("expert", "tenant", ">tokens");
    lines.forEach(
        line ->
            table.row(
                line.path("expertId").asText(),
                line.path("tenant").asText(),
                line.path("tokens").asLong()));
    table.print(out, 0);
  }
}
