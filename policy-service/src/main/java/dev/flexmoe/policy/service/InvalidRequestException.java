package dev.flexmoe.policy.service;

/** The request breaks a rule of licenses or tenants. */
public final class InvalidRequestException extends RefusedException {

  InvalidRequestException(String code, String field, String message) {
    super(code, field, message);
  }
}
