package dev.flexmoe.registry.service;

/** The input cannot be read as what it claims to be: a manifest that does not parse, a bad name. */
public final class MalformedRequestException extends RefusedException {

  public MalformedRequestException(String code, String field, String message) {
    super(code, field, message);
  }
}
