package dev.flexmoe.registry.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.flexmoe.registry.service.ArtifactReleasedException;
import dev.flexmoe.registry.service.ConflictException;
import dev.flexmoe.registry.service.ExpertNotFoundException;
import dev.flexmoe.registry.service.InvalidUploadException;
import dev.flexmoe.registry.service.MalformedRequestException;
import dev.flexmoe.registry.service.NotPermittedException;
import dev.flexmoe.registry.service.PublicModelNotFoundException;
import dev.flexmoe.registry.service.RefusedException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every refusal as {@code application/problem+json}: the services' refusals, each kind with its
 * status, the REST layer's own, and those of the framework.
 */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The status of each kind of refusal (the kinds are final classes). */
  static final Map<Class<? extends RefusedException>, Integer> STATUS =
      Map.of(
          MalformedRequestException.class, Status.BAD_REQUEST.getStatusCode(),
          NotPermittedException.class, Status.FORBIDDEN.getStatusCode(),
          ExpertNotFoundException.class, Status.NOT_FOUND.getStatusCode(),
          PublicModelNotFoundException.class, Status.NOT_FOUND.getStatusCode(),
          ConflictException.class, Status.CONFLICT.getStatusCode(),
          ArtifactReleasedException.class, Status.GONE.getStatusCode(),
          InvalidUploadException.class, Problem.UNPROCESSABLE_CONTENT);

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    return respond(e.problem());
  }

  /** A request body over its limit; an upload's parts over theirs are {@link ProblemException}s. */
  @ServerExceptionMapper
  public Response bodyTooLarge(BodyTooLargeException e) {
    return problem(ProblemException.tooLarge(null, e.getMessage()));
  }

  /** A refusal of the registry's rules, with the status of its kind. */
  @ServerExceptionMapper
  public Response refused(RefusedException e) {
    return respond(Problem.of(STATUS.get(e.getClass()), e.code(), e.field(), e.getMessage()));
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthorized(RuntimeException e) {
    return Response.fromResponse(
            respond(
                Problem.of(
                    401,
                    "unauthorized",
                    HttpHeaders.AUTHORIZATION,
                    "a valid bearer token is required")))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return respond(
        Problem.of(403, "forbidden", null, "the token's roles do not allow this request"));
  }

  /** A JSON body that does not parse or does not fit the request type. */
  @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
  public Response json(JsonProcessingException e) {
    String field = null;
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (JsonMappingException.Reference reference : mapping.getPath()) {
        path.append(path.length() == 0 ? "" : ".")
            .append(
                reference.getFieldName() != null
                    ? reference.getFieldName()
                    : String.valueOf(reference.getIndex()));
      }
      field = path.toString();
    }
    return respond(Problem.of(400, "invalid-json", field, e.getOriginalMessage()));
  }

  /** 404 for unknown paths, 405, 406, 415 and the like, from the REST layer. */
  @ServerExceptionMapper
  public Response framework(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      LOG.error("request failed", e);
      return respond(Problem.of(status, "internal", null, "the registry failed"));
    }
    String code = Problem.title(status).toLowerCase(Locale.ROOT).replace(' ', '-');
    return respond(Problem.of(status, code, null, e.getMessage()));
  }

  /** Serialized here, so that a problem can answer any request, whatever it accepts. */
  static Response respond(Problem problem) {
    try {
      return Response.status(problem.status())
          .type(Problem.MEDIA_TYPE)
          .entity(JSON.writeValueAsString(problem))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a problem is always serializable", e);
    }
  }
}
