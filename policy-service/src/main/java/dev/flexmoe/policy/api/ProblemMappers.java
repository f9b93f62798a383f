package dev.flexmoe.policy.api;

import dev.flexmoe.policy.service.InvalidRequestException;
import dev.flexmoe.policy.service.NotFoundException;
import dev.flexmoe.policy.service.NotPermittedException;
import dev.flexmoe.policy.service.RefusedException;
import dev.flexmoe.policy.service.StaleRevisionException;
import dev.flexmoe.policy.service.TenantInUseException;
import dev.flexmoe.policy.service.WithdrawnException;
import dev.flexmoe.servicekit.problem.Problem;
import dev.flexmoe.servicekit.problem.Problems;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The policy service's own refusals as problem details; the common ones are service-kit's. */
public class ProblemMappers {

  private static final Map<Class<? extends RefusedException>, Integer> STATUS =
      Map.of(
          NotFoundException.class, Status.NOT_FOUND.getStatusCode(),
          NotPermittedException.class, Status.FORBIDDEN.getStatusCode(),
          InvalidRequestException.class, Problem.UNPROCESSABLE_CONTENT,
          StaleRevisionException.class, Status.PRECONDITION_FAILED.getStatusCode(),
          TenantInUseException.class, Status.CONFLICT.getStatusCode(),
          WithdrawnException.class, Status.GONE.getStatusCode());

  @ServerExceptionMapper
  public Response refused(RefusedException e) {
    return Problems.respond(
        Problem.of(STATUS.get(e.getClass()), e.code(), e.field(), e.getMessage()));
  }

  @ServerExceptionMapper
  public Response badRequest(BadRequestException e) {
    return Problems.respond(Problem.of(400, e.code(), e.field(), e.getMessage()));
  }

  /** Two changes of one license or tenant at once: the later commit loses and may retry. */
  @ServerExceptionMapper
  public Response concurrent(OptimisticLockException e) {
    return Problems.respond(
        Problem.of(409, "concurrent-change", null, "it was changed at the same time; read again"));
  }
}
