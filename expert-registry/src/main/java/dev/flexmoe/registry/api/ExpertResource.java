package dev.flexmoe.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertSignatures;
import dev.flexmoe.registry.domain.Expert;
import dev.flexmoe.registry.domain.ExpertState;
import dev.flexmoe.registry.security.Caller;
import dev.flexmoe.registry.security.Roles;
import dev.flexmoe.registry.service.ExpertCatalog;
import dev.flexmoe.registry.service.ExpertLifecycle;
import dev.flexmoe.registry.service.ExpertUploads;
import dev.flexmoe.registry.service.FileReceiver;
import dev.flexmoe.registry.service.UploadParts;
import dev.flexmoe.servicekit.http.StreamedUpload;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Expert artifacts: upload, look up, download, withdraw, and their history. */
@Path("/api/v1/experts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "experts")
public class ExpertResource {

  /** A manifest is a few KiB; anything near this is not one. */
  static final long MAX_MANIFEST_BYTES = 64 * 1024;

  /** The optional base64 Ed25519 signature part (88 characters). */
  static final String SIGNATURE = "signature";

  private static final long MAX_SIGNATURE_BYTES = 1024;

  @Inject ExpertUploads uploads;

  @Inject FileReceiver receiver;

  @Inject ExpertLifecycle lifecycle;

  @Inject ExpertCatalog catalog;

  @Inject Caller caller;

  @Inject ObjectMapper json;

  @ConfigProperty(name = "registry.upload.max-artifact-bytes")
  long maxArtifactBytes;

  @POST
  @StreamedUpload
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @RolesAllowed(Roles.OWNER)
  @Operation(
      summary = "Register an expert artifact",
      description =
          "Multipart parts 'expert.json' and 'expert.safetensors', and 'signature' (base64 Ed25519)"
              + " when the owner has registered a key. 201 with the new expert; 200 with the"
              + " existing one when the caller uploaded these bytes before.")
  public Response register(
      InputStream body, @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType) {
    List<MultipartUpload.Part> parts =
        List.of(
            new MultipartUpload.Part(ExpertArtifact.MANIFEST, MAX_MANIFEST_BYTES, false),
            new MultipartUpload.Part(ExpertArtifact.WEIGHTS, maxArtifactBytes, true),
            new MultipartUpload.Part(SIGNATURE, MAX_SIGNATURE_BYTES, false));
    try (MultipartUpload upload = MultipartUpload.read(body, contentType, parts, receiver)) {
      ExpertUploads.Registration registration =
          uploads.upload(
              new UploadParts(
                  upload.bytes(ExpertArtifact.MANIFEST),
                  upload.file(ExpertArtifact.WEIGHTS),
                  upload.text(SIGNATURE).orElse(null)),
              caller.id());
      Expert expert = registration.expert();
      return registration.created()
          ? Response.created(URI.create("/api/v1/experts/" + expert.id))
              .entity(view(expert))
              .build()
          : Response.ok(view(expert)).build();
    }
  }

  @GET
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(summary = "List experts; owners see only their own")
  public Page<ExpertView> list(
      @RestQuery String owner,
      @RestQuery String domain,
      @RestQuery String state,
      @RestQuery String anchor,
      @RestQuery @DefaultValue("0") int page,
      @RestQuery @DefaultValue("50") int size) {
    if (page < 0 || size < 1 || size > 500) {
      throw ProblemException.badRequest(
          "invalid-page", "size", "page must be >= 0 and size within 1..500");
    }
    ExpertCatalog.Filter filter =
        new ExpertCatalog.Filter(owner, domain, state == null ? null : parseState(state), anchor);
    ExpertCatalog.Listing listing = catalog.list(filter, page, size, caller);
    return new Page<>(
        listing.experts().stream().map(this::view).toList(), page, size, listing.total());
  }

  @GET
  @Path("{id}")
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(summary = "One expert")
  public ExpertView get(@RestPath String id) {
    return view(catalog.visible(id, caller));
  }

  @GET
  @Path("{id}/history")
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(summary = "Every state change of an expert, oldest first")
  public List<StateChangeView> history(@RestPath String id) {
    return catalog.history(id, caller).stream().map(StateChangeView::of).toList();
  }

  @GET
  @Path("{id}/artifact")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(
      summary = "Download expert.safetensors",
      description = "ETag is the quoted SHA-256; a single byte range is supported.")
  public Response artifact(
      @RestPath String id,
      @RestHeader(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
      @RestHeader("Range") String range)
      throws IOException {
    return Downloads.respond(
        catalog.artifact(id, caller), ExpertArtifact.WEIGHTS, ifNoneMatch, range);
  }

  @GET
  @Path("{id}/files/" + ExpertArtifact.MANIFEST)
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(
      summary = "Download expert.json as uploaded",
      description = "Byte for byte the uploaded manifest, whose SHA-256 the signature covers.")
  public Response manifest(@RestPath String id) {
    return Response.ok(catalog.manifest(id, caller), MediaType.APPLICATION_JSON_TYPE).build();
  }

  @GET
  @Path("{id}/files/" + ExpertSignatures.SIGNATURE)
  @Produces(MediaType.TEXT_PLAIN)
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(
      summary = "Download expert.sig as uploaded",
      description =
          "The base64 Ed25519 signature of a signed upload, verifiable with the owner's keys"
              + " (GET /api/v1/owners/{ownerId}/keys); 404 no-signature when it was unsigned.")
  public String signature(@RestPath String id) {
    return catalog.signature(id, caller);
  }

  @DELETE
  @Path("{id}")
  @RolesAllowed(Roles.OWNER)
  @Operation(
      summary = "Withdraw an expert (its owner only)",
      description =
          "The expert leaves all future model versions; its artifact stays while a published"
              + " version contains it.")
  public ExpertView withdraw(@RestPath String id, @RestQuery String reason) {
    Expert expert = catalog.visible(id, caller);
    return view(lifecycle.withdraw(expert.id, caller.id(), reason));
  }

  private ExpertView view(Expert expert) {
    try {
      JsonNode manifest = json.readTree(expert.manifest);
      return ExpertView.of(expert, manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ExpertState parseState(String state) {
    try {
      return ExpertState.valueOf(state.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(
          "invalid-state",
          "state",
          "unknown state '" + state + "'; one of " + List.of(ExpertState.values()));
    }
  }
}
