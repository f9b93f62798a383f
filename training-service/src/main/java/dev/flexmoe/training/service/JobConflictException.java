package dev.flexmoe.training.service;

/** The job is not in a state that allows the request (e.g. cancelling a finished job). */
public final class JobConflictException extends RefusedException {

  JobConflictException(String code, String message) {
    super(code, null, message);
  }
}
