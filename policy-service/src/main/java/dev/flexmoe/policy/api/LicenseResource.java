package dev.flexmoe.policy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.policy.domain.ExpertLicense;
import dev.flexmoe.policy.security.Caller;
import dev.flexmoe.policy.security.Roles;
import dev.flexmoe.policy.service.LicenseRequest;
import dev.flexmoe.policy.service.Licenses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

/** An expert's license: who may use it, set by its owner. */
@Path("/api/v1/experts/{id}/license")
@Produces(MediaType.APPLICATION_JSON)
public class LicenseResource {

  @Inject Licenses licenses;

  @Inject Caller caller;

  @Inject ObjectMapper json;

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR})
  @Operation(
      summary = "Set an expert's license (its owner; an operator only OFF)",
      description =
          "If-Match with the ETag of a read makes it conditional: 412 when the license changed.")
  public Response put(
      @RestPath String id,
      @RestHeader(HttpHeaders.IF_MATCH) String ifMatch,
      LicenseRequest request) {
    if (request == null) {
      throw new BadRequestException("missing-body", null, "a license is required");
    }
    ExpertLicense license = licenses.put(id, request, caller, Revisions.parse(ifMatch));
    return Response.ok(LicenseView.of(license)).tag(Revisions.tag(license.revision)).build();
  }

  @PATCH
  @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR})
  @Operation(
      summary = "Change some fields of an expert's license (JSON merge patch)",
      description =
          "Fields left out keep their value, null clears validFrom or validUntil. Without"
              + " If-Match the patch applies to the revision it was read at, so a concurrent"
              + " change gives 412 rather than being overwritten.")
  public Response patch(
      @RestPath String id, @RestHeader(HttpHeaders.IF_MATCH) String ifMatch, JsonNode patch) {
    if (patch == null || !patch.isObject()) {
      throw new BadRequestException("missing-body", null, "a JSON object is required");
    }
    LicensePatch merged = LicensePatch.of(patch, json);
    Long expected = Revisions.parse(ifMatch);
    ExpertLicense current = licenses.get(id, caller).orElse(null);
    long revision = current == null ? 0 : current.revision;
    ExpertLicense license =
        licenses.put(id, merged.applyTo(current), caller, expected == null ? revision : expected);
    return Response.ok(LicenseView.of(license)).tag(Revisions.tag(license.revision)).build();
  }

  @GET
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(summary = "An expert's license; OFF with revision 0 while none was set")
  public Response get(@RestPath String id) {
    LicenseView view =
        licenses.get(id, caller).map(LicenseView::of).orElseGet(() -> LicenseView.none(id));
    return Response.ok(view).tag(Revisions.tag(view.revision())).build();
  }

  @GET
  @Path("history")
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(summary = "Every change of the license, oldest first")
  public List<ChangeView> history(@RestPath String id) {
    return licenses.history(id, caller).stream()
        .map(change -> ChangeView.of(change, json))
        .toList();
  }

  /** Revisions as entity tags. */
  static final class Revisions {

    private Revisions() {}

    static EntityTag tag(long revision) {
      return new EntityTag(Long.toString(revision));
    }

    /** The revision an If-Match names, or null without the header. */
    static Long parse(String ifMatch) {
      if (ifMatch == null) {
        return null;
      }
      String value = ifMatch.strip();
      if (value.length() < 3 || !value.startsWith("\"") || !value.endsWith("\"")) {
        throw new BadRequestException(
            "invalid-if-match", "If-Match", "If-Match must be a quoted revision, e.g. \"3\"");
      }
      try {
        return Long.parseLong(value.substring(1, value.length() - 1));
      } catch (NumberFormatException e) {
        throw new BadRequestException(
            "invalid-if-match", "If-Match", "If-Match must be a quoted revision, e.g. \"3\"");
      }
    }
  }
}
