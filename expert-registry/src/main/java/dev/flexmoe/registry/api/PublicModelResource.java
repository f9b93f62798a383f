package dev.flexmoe.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.registry.domain.PublicModel;
import dev.flexmoe.registry.security.Caller;
import dev.flexmoe.registry.security.Roles;
import dev.flexmoe.registry.service.PublicModels;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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

  @Inject PublicModels publicModels;

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
  @Operation(summary = "Register a public model (operators only)")
  public Response register(Registration registration) {
    if (registration == null) {
      throw ProblemException.badRequest("missing-body", null, "a JSON body is required");
    }
    PublicModel model =
        publicModels.register(
            registration.name(), registration.digest(), registration.config(), caller.id());
    return Response.created(URI.create("/api/v1/public-models/" + model.id))
        .entity(view(model))
        .build();
  }

  @GET
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(summary = "Every registered public model")
  public List<View> list() {
    return publicModels.all().stream().map(this::view).toList();
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
