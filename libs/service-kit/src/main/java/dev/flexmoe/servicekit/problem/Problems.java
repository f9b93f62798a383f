package dev.flexmoe.servicekit.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;

/** Problems as HTTP responses. */
public final class Problems {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Problems() {}

  /**
   * The problem as a response with its status. Serialized here, so that a problem can answer any
   * request, whatever it accepts.
   */
  public static Response respond(Problem problem) {
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
