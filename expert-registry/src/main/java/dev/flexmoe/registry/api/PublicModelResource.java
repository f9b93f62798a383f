package dev.flexmoe.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.model.FlexOlmoConfig;
import dev.flexmoe.registry.domain.PublicModel;
import dev.flexmoe.registry.security.Caller;
import dev.flexmoe.registry.security.Roles;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Public models (anchors): the models experts must be trained against. */
@Path("/api/v1/public-models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "public models")
public class PublicModelResource {

  @Inject Caller caller;

  @Inject ObjectMapper json;

  /**
   * A public model to register.
   *
   * @param name unique, e.g. {@code flexmix-tiny-public}
   * @param digest the model's identity (SHA-256 over its files, as {@code flexmoe inspect} prints)
   * @param config its HF {@code config.json}
   */
  public record Registration(String name, String digest, JsonNode config) {}

  /** A registered public model. */
  public record View(
      UUID id,
      String name,
      String digest,
      int hiddenSize,
      int intermediateSize,
      int numHiddenLayers,
      String registeredBy,
      Instant registeredAt,
      JsonNode config) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed(Roles.OPERATOR)
  @Transactional
  @Operation(summary = "Register a public model (operators only)")
  public Response register(Registration registration) {
    if (registration == null) {
      throw ProblemException.badRequest("missing-body", null, "a JSON body is required");
    }
    if (registration.name() == null
        || !registration.name().matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
      throw ProblemException.badRequest(
          "invalid-name", "name", "name must be 1-128 letters, digits, '.', '_' or '-'");
    }
    if (registration.digest() == null || !registration.digest().matches("[0-9a-f]{64}")) {
      throw ProblemException.badRequest(
          "invalid-digest", "digest", "digest must be a SHA-256 (64 lowercase hex digits)");
    }
    if (registration.config() == null) {
      throw ProblemException.badRequest("missing-field", "config", "config is required");
    }
    FlexOlmoConfig config;
    try {
      config = FlexOlmoConfig.fromJson(registration.config());
    } catch (RuntimeException e) {
      throw ProblemException.badRequest("invalid-config", "config", e.getMessage());
    }
    if (PublicModel.count("name = ?1 or digest = ?2", registration.name(), registration.digest())
        > 0) {
      throw ProblemException.conflict(
          "already-registered",
          "digest",
          "a public model with this name or digest is registered already");
    }
    PublicModel model = new PublicModel();
    model.id = UUID.randomUUID();
    model.name = registration.name();
    model.digest = registration.digest();
    model.config = registration.config().toString();
    model.hiddenSize = config.hiddenSize();
    model.intermediateSize = config.intermediateSize();
    model.numLayers = config.numHiddenLayers();
    model.registeredBy = caller.id();
    model.registeredAt = Instant.now();
    model.persist();
    return Response.created(URI.create("/api/v1/public-models/" + model.id))
        .entity(view(model))
        .build();
  }

  @GET
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(summary = "Every registered public model")
  public List<View> list() {
    return PublicModel.<PublicModel>listAll(Sort.by("registeredAt")).stream()
        .map(this::view)
        .toList();
  }

  private View view(PublicModel model) {
    try {
      return new View(
          model.id,
          model.name,
          model.digest,
          model.hiddenSize,
          model.intermediateSize,
          model.numLayers,
          model.registeredBy,
          model.registeredAt,
          json.readTree(model.config));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
