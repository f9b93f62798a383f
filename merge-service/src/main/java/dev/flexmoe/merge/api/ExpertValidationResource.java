package dev.flexmoe.merge.api;

import dev.flexmoe.merge.security.Caller;
import dev.flexmoe.merge.security.Roles;
import dev.flexmoe.merge.service.ExpertReports;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

/** Validation reports: why an expert was validated or rejected. */
@Path("/api/v1/experts")
@Produces(MediaType.APPLICATION_JSON)
public class ExpertValidationResource {

  @Inject ExpertReports reports;

  @Inject Caller caller;

  @GET
  @Path("{id}/validation")
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(summary = "An expert's validation report (its owner, operators and services)")
  public ExpertReports.Verdict validation(@RestPath String id) {
    return reports.of(id, caller);
  }
}
