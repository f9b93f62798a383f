package dev.flexmoe.registry.api;

import static dev.flexmoe.servicekit.problem.Problems.respond;

import dev.flexmoe.registry.service.ArtifactReleasedException;
import dev.flexmoe.registry.service.ConflictException;
import dev.flexmoe.registry.service.ExpertNotFoundException;
import dev.flexmoe.registry.service.InvalidUploadException;
import dev.flexmoe.registry.service.MalformedRequestException;
import dev.flexmoe.registry.service.NoSignatureException;
import dev.flexmoe.registry.service.NotPermittedException;
import dev.flexmoe.registry.service.PublicModelNotFoundException;
import dev.flexmoe.registry.service.RefusedException;
import dev.flexmoe.servicekit.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The registry's own refusals as {@code application/problem+json}: the services' refusals, each
 * kind with its status, and the REST layer's own. Those every service shares (security, JSON, the
 * framework, the body limit) are {@link dev.flexmoe.servicekit.problem.CommonProblemMappers}.
 */
public class ProblemMappers {

  /** The status of each kind of refusal (the kinds are final classes). */
  static final Map<Class<? extends RefusedException>, Integer> STATUS =
      Map.of(
          MalformedRequestException.class, Status.BAD_REQUEST.getStatusCode(),
          NotPermittedException.class, Status.FORBIDDEN.getStatusCode(),
          ExpertNotFoundException.class, Status.NOT_FOUND.getStatusCode(),
          NoSignatureException.class, Status.NOT_FOUND.getStatusCode(),
          PublicModelNotFoundException.class, Status.NOT_FOUND.getStatusCode(),
          ConflictException.class, Status.CONFLICT.getStatusCode(),
          ArtifactReleasedException.class, Status.GONE.getStatusCode(),
          InvalidUploadException.class, Problem.UNPROCESSABLE_CONTENT);

  @ServerExceptionMapper
  public Response problem(ProblemException e) {
    return respond(e.problem());
  }

  /** A refusal of the registry's rules, with the status of its kind. */
  @ServerExceptionMapper
  public Response refused(RefusedException e) {
    return respond(Problem.of(STATUS.get(e.getClass()), e.code(), e.field(), e.getMessage()));
  }
}
