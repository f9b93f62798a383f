package dev.flexmoe.merge.service;

/** The request contradicts the versions' rules: numbers only grow, withdrawn experts stay out. */
public final class ConflictException extends RefusedException {

  ConflictException(String code, String field, String message) {
    super(code, field, message);
  }
}
