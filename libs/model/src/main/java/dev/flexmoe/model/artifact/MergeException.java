package dev.flexmoe.model.artifact;

/** Experts that cannot be merged: another anchor, other shapes, unreadable or invalid weights. */
public class MergeException extends RuntimeException {

  public MergeException(String message) {
    super(message);
  }

  public MergeException(String message, Throwable cause) {
    super(message, cause);
  }
}
