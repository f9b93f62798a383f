package dev.flexmoe.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.registry.domain.PublicModel;
import dev.flexmoe.registry.security.Caller;
import dev.flexmoe.registry.security.Roles;
import dev.flexmoe.registry.service.FileReceiver;
import dev.flexmoe.registry.service.PublicModelParts;
import dev.flexmoe.registry.service.PublicModelUploads;
import dev.flexmoe.registry.service.PublicModels;
import dev.flexmoe.servicekit.http.StreamedUpload;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

/** Public models (anchors): the models experts must be trained against, with their files. */
@Path("/api/v1/public-models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "public models")
public class PublicModelResource {

  static final String NAME = "name";
  static final String DIGEST = "digest";

  /** A FlexOlmo config.json is about 1 KiB. */
  private static final long MAX_CONFIG_BYTES = 1 << 20;

  /** Large vocabularies' tokenizer.json files are tens of MiB. */
  private static final long MAX_TOKENIZER_BYTES = 256L << 20;

  private static final long MAX_FIELD_BYTES = 256;

  @Inject PublicModelUploads uploads;

  @Inject PublicModels publicModels;

  @Inject FileReceiver receiver;

  @Inject Caller caller;

  @Inject ObjectMapper json;

  @ConfigProperty(name = "registry.upload.max-public-model-bytes")
  long maxWeightsBytes;

  /** One stored file of a public model. */
  public record FileView(String name, String sha256, long bytes) {}

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
      JsonNode config,
      List<FileView> files) {}

  @POST
  @StreamedUpload
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @RolesAllowed(Roles.OPERATOR)
  @Operation(
      summary = "Upload and register a public model (operators only)",
      description =
          "Multipart parts 'name', 'digest' (as flexmoe inspect prints it), and the checkpoint's"
              + " files 'config.json', 'model.safetensors' and 'tokenizer.json'. The registry"
              + " checks the files, computes the digest over them and refuses a claimed digest"
              + " that differs.")
  public Response register(
      InputStream body, @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType) {
    List<MultipartUpload.Part> parts =
        List.of(
            new MultipartUpload.Part(NAME, MAX_FIELD_BYTES, false),
            new MultipartUpload.Part(DIGEST, MAX_FIELD_BYTES, false),
            new MultipartUpload.Part(HfCheckpoint.CONFIG, MAX_CONFIG_BYTES, true),
            new MultipartUpload.Part(HfCheckpoint.WEIGHTS, maxWeightsBytes, true),
            new MultipartUpload.Part(HfCheckpoint.TOKENIZER, MAX_TOKENIZER_BYTES, true));
    try (MultipartUpload upload = MultipartUpload.read(body, contentType, parts, receiver)) {
      PublicModel model =
          uploads.upload(
              new PublicModelParts(
                  upload.text(NAME).map(String::strip).orElse(null),
                  upload.text(DIGEST).map(String::strip).orElse(null),
                  upload.file(HfCheckpoint.CONFIG),
                  upload.file(HfCheckpoint.WEIGHTS),
                  upload.file(HfCheckpoint.TOKENIZER)),
              caller.id());
      return Response.created(URI.create("/api/v1/public-models/" + model.id))
          .entity(view(model))
          .build();
    }
  }

  @GET
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(summary = "Every registered public model")
  public List<View> list() {
    return publicModels.all().stream().map(this::view).toList();
  }

  @GET
  @Path("{id}")
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(summary = "One public model, with its files")
  public View get(@RestPath String id) {
    return view(publicModels.find(id));
  }

  @GET
  @Path("{id}/files/{name}")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  @RolesAllowed({Roles.OWNER, Roles.OPERATOR, Roles.SERVICE})
  @Operation(
      summary = "Download one of a public model's files",
      description = "ETag is the file's quoted SHA-256; a single byte range is supported.")
  public Response file(
      @RestPath String id,
      @RestPath String name,
      @RestHeader(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
      @RestHeader("Range") String range)
      throws IOException {
    return Downloads.respond(publicModels.file(id, name), name, ifNoneMatch, range);
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
          json.readTree(model.config),
          publicModels.files(model).stream()
              .map(file -> new FileView(file.name, file.sha256, file.bytes))
              .toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
