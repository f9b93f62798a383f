package dev.flexmoe.merge.api;

import dev.flexmoe.merge.security.Roles;
import dev.flexmoe.merge.service.Exports;
import dev.flexmoe.merge.service.ModelSummary;
import dev.flexmoe.merge.service.Models;
import dev.flexmoe.merge.service.VersionPage;
import dev.flexmoe.merge.service.Versions;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** The served models and their numbered versions. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

  private static final int MAX_PAGE_SIZE = 100;

  @Inject Models models;

  @Inject Versions versions;

  @Inject Exports exports;

  /** The version to restore. */
  public record Rollback(Long toVersion) {}

  @GET
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(summary = "Every model with a version: its newest and its served version")
  public List<ModelSummary> list() {
    return models.all();
  }

  @GET
  @Path("{name}/versions")
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(summary = "A model's versions, newest first")
  public Page<VersionView> versions(
      @RestPath String name,
      @RestQuery @DefaultValue("0") int page,
      @RestQuery @DefaultValue("20") int size) {
    if (page < 0) {
      throw new InvalidRequestException("invalid-page", "page", "page must be 0 or more");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new InvalidRequestException(
          "invalid-page", "size", "size must be between 1 and " + MAX_PAGE_SIZE);
    }
    VersionPage found = models.versions(name, page, size);
    return new Page<>(
        found.items().stream().map(VersionView::of).toList(),
        found.page(),
        found.size(),
        found.total());
  }

  @GET
  @Path("{name}/versions/{version}")
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(summary = "One version's manifest: public model, experts in router-row order, k")
  public VersionView version(@RestPath String name, @RestPath long version) {
    return VersionView.of(versions.find(name, version));
  }

  @POST
  @Path("{name}/rollback")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.OPERATOR)
  @Operation(
      summary = "Restore an earlier version's contents as a new version (operators only)",
      description =
          "Numbers only grow: the new version is the latest, and it is published at once.")
  public Response rollback(@RestPath String name, Rollback rollback) {
    if (rollback == null || rollback.toVersion() == null) {
      throw new InvalidRequestException("missing-field", "toVersion", "toVersion is required");
    }
    return Response.status(Response.Status.CREATED)
        .entity(VersionView.of(versions.rollback(name, rollback.toVersion())))
        .build();
  }

  @POST
  @Path("{name}/versions/{version}/publish")
  @RolesAllowed(Roles.OPERATOR)
  @Operation(summary = "Publish a candidate version (approval mode; operators only)")
  public VersionView publish(@RestPath String name, @RestPath long version) {
    return VersionView.of(versions.publish(name, version));
  }

  @GET
  @Path("{name}/versions/{version}/export")
  @Produces("application/x-tar")
  @RolesAllowed({Roles.OPERATOR, Roles.SERVICE})
  @Operation(summary = "The version as one Hugging Face FlexOlmo checkpoint, in a tar")
  public Response export(@RestPath String name, @RestPath long version) {
    java.nio.file.Path tar = exports.export(name, version);
    return Response.ok(tar.toFile())
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"" + name + "-v" + version + ".tar\"")
        .build();
  }
}
