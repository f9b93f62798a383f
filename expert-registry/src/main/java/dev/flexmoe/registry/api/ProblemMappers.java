package dev.flexmoe.registry.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every refusal as {@code application/problem+json}, including those of the framework. */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    return respond(e.problem());
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthorized(RuntimeException e) {
    return Response.fromResponse(
            respond(
                Problem.of(
                    401,
                    "Unauthorized",
                    "unauthorized",
                    HttpHeaders.AUTHORIZATION,
                    "a valid bearer token is required")))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return respond(
        Problem.of(
            403, "Forbidden", "forbidden", null, "the token's roles do not allow this request"));
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
    return respond(Problem.of(400, "Bad Request", "invalid-json", field, e.getOriginalMessage()));
  }

  /** 404 for unknown paths, 405, 406, 415 and the like, from the REST layer. */
  @ServerExceptionMapper
  public Response framework(WebApplicationException e) {
    Status status = Status.fromStatusCode(e.getResponse().getStatus());
    int code = e.getResponse().getStatus();
    String title = status != null ? status.getReasonPhrase() : "Error";
    if (code >= 500) {
      LOG.error("request failed", e);
      return respond(Problem.of(code, title, "internal", null, "the registry failed"));
    }
    String name = title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    return respond(Problem.of(code, title, name, null, e.getMessage()));
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
