package dev.flexmoe.inference.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flexmoe.inference.security.Roles;
import dev.flexmoe.inference.service.Serving;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /v1/models}: the model this server serves, with the version it serves now. */
@Path("/v1/models")
public class ModelsResource {

  @Inject Serving serving;

  @Inject ObjectMapper json;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.TENANT, Roles.OPERATOR})
  @Operation(summary = "The served model")
  public ObjectNode list() {
    ObjectNode list = json.createObjectNode();
    list.put("object", "list");
    ObjectNode model = list.putArray("data").addObject();
    model.put("id", serving.modelName());
    model.put("object", "model");
    model.put("created", 0);
    model.put("owned_by", "flexmoe");
    ObjectNode flexmoe = model.putObject("flexmoe");
    serving
        .currentNumber()
        .ifPresentOrElse(
            number -> flexmoe.put("model_version", number), () -> flexmoe.putNull("model_version"));
    return list;
  }
}
