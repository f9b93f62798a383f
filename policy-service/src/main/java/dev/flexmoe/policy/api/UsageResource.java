package dev.flexmoe.policy.api;

import dev.flexmoe.policy.security.Caller;
import dev.flexmoe.policy.security.Roles;
import dev.flexmoe.policy.service.Attribution;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Attribution: how many tokens each expert served, and for whom. */
@Path("/api/v1")
public class UsageResource {

  private static final String CSV = "text/csv";

  @Inject Attribution attribution;

  @Inject Caller caller;

  @GET
  @Path("experts/{id}/usage")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR})
  @Operation(summary = "An expert's tokens per tenant or per day (its owner, operators)")
  public List<Attribution.Line> ofExpert(
      @RestPath String id,
      @RestQuery String from,
      @RestQuery String to,
      @RestQuery String groupBy) {
    return attribution.ofExpert(id, day(from, "from"), day(to, "to"), grouping(groupBy), caller);
  }

  @GET
  @Path("experts/{id}/usage")
  @Produces(CSV)
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR})
  @Operation(summary = "The same, as CSV")
  public String ofExpertAsCsv(
      @RestPath String id,
      @RestQuery String from,
      @RestQuery String to,
      @RestQuery String groupBy) {
    Attribution.GroupBy grouping = grouping(groupBy);
    StringBuilder csv = new StringBuilder(grouping.name().toLowerCase(Locale.ROOT) + ",tokens\n");
    for (Attribution.Line line :
        attribution.ofExpert(id, day(from, "from"), day(to, "to"), grouping, caller)) {
      csv.append(line.key()).append(',').append(line.tokens()).append('\n');
    }
    return csv.toString();
  }

  @GET
  @Path("usage")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.OPERATOR)
  @Operation(summary = "Every expert's tokens per tenant (operators)")
  public List<Attribution.ExpertLine> all(@RestQuery String from, @RestQuery String to) {
    return attribution.all(day(from, "from"), day(to, "to"));
  }

  private static LocalDate day(String value, String field) {
    if (value == null) {
      throw new BadRequestException("missing-field", field, field + " (YYYY-MM-DD) is required");
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadRequestException(
          "invalid-date", field, field + " must be a day as YYYY-MM-DD, not " + value);
    }
  }

  private static Attribution.GroupBy grouping(String groupBy) {
    if (groupBy == null) {
      return Attribution.GroupBy.TENANT;
    }
    try {
      return Attribution.GroupBy.valueOf(groupBy.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "invalid-group-by", "groupBy", "groupBy is tenant or day, not " + groupBy);
    }
  }
}
