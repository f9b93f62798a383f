package dev.flexmoe.servicekit.problem;

import static dev.flexmoe.servicekit.problem.Problems.respond;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.flexmoe.servicekit.http.BodyTooLargeException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The refusals every service shares as {@code application/problem+json}: those of security, of
 * Jackson, of the REST layer and of {@link dev.flexmoe.servicekit.http.RequestBodyLimit}. A service
 * maps its own kinds of refusal in a class of its own.
 */
public class CommonProblemMappers {

  private static final Logger LOG = Logger.getLogger(CommonProblemMappers.class);

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

  /** A request body over {@link dev.flexmoe.servicekit.http.RequestBodyLimit}'s limit. */
  @ServerExceptionMapper
  public Response bodyTooLarge(BodyTooLargeException e) {
    return respond(Problem.of(413, "too-large", null, e.getMessage()));
  }

  /** 404 for unknown paths, 405, 406, 415 and the like, from the REST layer. */
  @ServerExceptionMapper
  public Response framework(WebApplicationException e) {
    // A body that ends too early reaches here as a 400 wrapping Jackson's parse error.
    if (e.getCause() instanceof JsonProcessingException json) {
      return json(json);
    }
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      LOG.error("request failed", e);
      return respond(Problem.of(status, "internal", null, "the service failed"));
    }
    String code = Problem.title(status).toLowerCase(Locale.ROOT).replace(' ', '-');
    return respond(Problem.of(status, code, null, e.getMessage()));
  }
}
