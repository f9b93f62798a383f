package dev.flexmoe.policy.api;

import dev.flexmoe.policy.security.Caller;
import dev.flexmoe.policy.security.Roles;
import dev.flexmoe.policy.service.TenantRequest;
import dev.flexmoe.policy.service.Tenants;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

/** Tenants: who uses the inference API, and the license classes each holds. */
@Path("/api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
public class TenantResource {

  @Inject Tenants tenants;

  @Inject Caller caller;

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.OPERATOR)
  @Operation(summary = "Create or change a tenant (operators)")
  public TenantView put(@RestPath String id, TenantRequest request) {
    if (request == null) {
      throw new BadRequestException("missing-body", null, "a tenant is required");
    }
    return TenantView.of(tenants.put(id, request));
  }

  @DELETE
  @Path("{id}")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(summary = "Delete a tenant no license names (operators); publishes its tombstone")
  public void delete(@RestPath String id) {
    tenants.delete(id);
  }

  @GET
  @RolesAllowed(Roles.OPERATOR)
  @Operation(summary = "Every tenant (operators)")
  public List<TenantView> list() {
    return tenants.all().stream().map(TenantView::of).toList();
  }

  @GET
  @Path("{id}")
  @RolesAllowed({Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
  @Operation(summary = "A tenant's grants (operators, services, the tenant itself)")
  public TenantView get(@RestPath String id) {
    return TenantView.of(tenants.get(id, caller));
  }

  @GET
  @Path("{id}/experts")
  @RolesAllowed({Roles.OPERATOR, Roles.SERVICE, Roles.TENANT})
  @Operation(summary = "The experts the tenant may use now")
  public List<String> experts(@RestPath String id) {
    return tenants.usableExperts(id, caller);
  }
}
