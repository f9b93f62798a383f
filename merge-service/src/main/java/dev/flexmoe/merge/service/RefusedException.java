package dev.flexmoe.merge.service;

import dev.flexmoe.servicekit.problem.CodedException;

/**
 * A request the merge service's rules refuse, with a stable code and the field it concerns; the
 * REST layer gives each kind its status.
 */
public abstract sealed class RefusedException extends CodedException
    permits NotFoundException, ConflictException {

  RefusedException(String code, String field, String message) {
    super(code, field, message);
  }
}
