package dev.flexmoe.inference.service;

/**
 * A request the service refuses, in the terms of OpenAI's error object: its {@code type}, the
 * {@code param} at fault and a stable {@code code}. The REST layer maps each kind to its status.
 */
public abstract sealed class InferenceException extends RuntimeException {

  private final String param;
  private final String code;

  InferenceException(String param, String code, String message) {
    super(message);
    this.param = param;
    this.code = code;
  }

  public String param() {
    return param;
  }

  public String code() {
    return code;
  }

  /** A parameter that is missing, malformed or out of range. */
  public static final class BadRequest extends InferenceException {
    public BadRequest(String param, String code, String message) {
      super(param, code, message);
    }
  }

  /** Too many requests wait: try again shortly. */
  public static final class Overloaded extends InferenceException {
    public Overloaded(String message) {
      super(null, "overloaded", message);
    }
  }

  /** No version is loaded yet. */
  public static final class NotServing extends InferenceException {
    public NotServing(String message) {
      super(null, "model_not_loaded", message);
    }
  }

  /** The request names another model than the one served. */
  public static final class UnknownModel extends InferenceException {
    public UnknownModel(String message) {
      super("model", "model_not_found", message);
    }
  }
}
