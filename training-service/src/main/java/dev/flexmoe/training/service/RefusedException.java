package dev.flexmoe.training.service;

import dev.flexmoe.servicekit.problem.CodedException;

/**
 * A request the training service refuses, with a stable code and the field it concerns; the REST
 * layer gives each kind its status. A refused submission creates no job.
 */
public abstract sealed class RefusedException extends CodedException
    permits InvalidJobException,
        JobNotFoundException,
        NotThisOwnerException,
        RoleRequiredException,
        JobConflictException,
        RegistryDownException {

  RefusedException(String code, String field, String message) {
    super(code, field, message);
  }
}
