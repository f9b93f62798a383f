package dev.flexmoe.training.api;

import dev.flexmoe.servicekit.problem.Problem;
import dev.flexmoe.servicekit.problem.Problems;
import dev.flexmoe.training.service.InvalidJobException;
import dev.flexmoe.training.service.JobConflictException;
import dev.flexmoe.training.service.JobNotFoundException;
import dev.flexmoe.training.service.NotThisOwnerException;
import dev.flexmoe.training.service.RefusedException;
import dev.flexmoe.training.service.RegistryDownException;
import dev.flexmoe.training.service.RoleRequiredException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The training service's own refusals as problem details; the common ones are service-kit's. */
public class ProblemMappers {

  private static final Map<Class<? extends RefusedException>, Integer> STATUS =
      Map.of(
          InvalidJobException.class, Problem.UNPROCESSABLE_CONTENT,
          JobNotFoundException.class, Status.NOT_FOUND.getStatusCode(),
          NotThisOwnerException.class, Status.FORBIDDEN.getStatusCode(),
          RoleRequiredException.class, Status.FORBIDDEN.getStatusCode(),
          JobConflictException.class, Status.CONFLICT.getStatusCode(),
          RegistryDownException.class, Status.SERVICE_UNAVAILABLE.getStatusCode());

  @ServerExceptionMapper
  public Response refused(RefusedException e) {
    return Problems.respond(
        Problem.of(STATUS.get(e.getClass()), e.code(), e.field(), e.getMessage()));
  }

  @ServerExceptionMapper
  public Response badRequest(BadRequestException e) {
    return Problems.respond(Problem.of(400, e.code(), e.field(), e.getMessage()));
  }
}
