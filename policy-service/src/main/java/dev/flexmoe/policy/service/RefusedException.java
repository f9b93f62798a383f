package dev.flexmoe.policy.service;

import dev.flexmoe.servicekit.problem.CodedException;

/**
 * A request the policy's rules refuse, with a stable code and the field it concerns; the REST layer
 * gives each kind its status.
 */
public abstract sealed class RefusedException extends CodedException
    permits NotFoundException,
        NotPermittedException,
        InvalidRequestException,
        StaleRevisionException,
        TenantInUseException,
        WithdrawnException {

  RefusedException(String code, String field, String message) {
    super(code, field, message);
  }
}
