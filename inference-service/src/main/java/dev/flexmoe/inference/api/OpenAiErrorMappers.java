package dev.flexmoe.inference.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.flexmoe.inference.service.InferenceException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every refusal as OpenAI's error object with the status an OpenAI client expects: 400 for bad
 * parameters, 401 without a valid token, 403 for another role, 404 for another model, 429 with
 * {@code Retry-After} when too many completions wait, 503 before a version is loaded.
 */
public class OpenAiErrorMappers {

  private static final Logger LOG = Logger.getLogger(OpenAiErrorMappers.class);

  static Response error(int status, String type, String param, String code, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(OpenAiError.of(message, type, param, code))
        .build();
  }

  @ServerExceptionMapper
  public Response refused(InferenceException e) {
    if (e instanceof InferenceException.Overloaded) {
      return Response.fromResponse(error(429, "rate_limit_error", null, e.code(), e.getMessage()))
          .header(HttpHeaders.RETRY_AFTER, "1")
          .build();
    }
    if (e instanceof InferenceException.NotServing) {
      return Response.fromResponse(error(503, "server_error", null, e.code(), e.getMessage()))
          .header(HttpHeaders.RETRY_AFTER, "5")
          .build();
    }
    int status = e instanceof InferenceException.UnknownModel ? 404 : 400;
    return error(status, "invalid_request_error", e.param(), e.code(), e.getMessage());
  }

  @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
  public Response unauthorized(RuntimeException e) {
    return Response.fromResponse(
            error(
                401,
                "invalid_request_error",
                null,
                "invalid_api_key",
                "a valid bearer token (a tenant's JWT) is required"))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return error(
        403,
        "invalid_request_error",
        null,
        "forbidden",
        "the token's roles do not allow this request");
  }

  /** A body that does not parse or does not fit (Jackson's own mapper would answer otherwise). */
  @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
  public Response json(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return error(
          400,
          "invalid_request_error",
          unknown.getPropertyName(),
          "unknown_parameter",
          "Unrecognized request argument supplied: " + unknown.getPropertyName());
    }
    String param = null;
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder();
      for (JsonMappingException.Reference reference : mapping.getPath()) {
        path.append(path.length() == 0 ? "" : ".")
            .append(
                reference.getFieldName() != null
                    ? reference.getFieldName()
                    : String.valueOf(reference.getIndex()));
      }
      param = path.toString();
    }
    return error(400, "invalid_request_error", param, "invalid_json", e.getOriginalMessage());
  }

  @ServerExceptionMapper
  public Response framework(WebApplicationException e) {
    if (e.getCause() instanceof JsonProcessingException json) {
      return json(json);
    }
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      LOG.error("request failed", e);
      return error(status, "server_error", null, "internal", "the server failed");
    }
    return error(status, "invalid_request_error", null, "http_" + status, e.getMessage());
  }
}
