package dev.flexmoe.merge.domain;

/** Whether a model version is served. */
public enum VersionStatus {
  /** Waiting for an operator to publish it (approval mode). */
  CANDIDATE,
  /** Announced on the model-versions topic. */
  PUBLISHED
}
