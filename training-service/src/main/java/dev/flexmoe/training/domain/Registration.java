package dev.flexmoe.training.domain;

/** What became of a job's artifact at the registry. */
public enum Registration {
  /** Nothing to register (a dense or router-tuning job, or a job that did not succeed). */
  NONE,
  /** Left to the owner, who registers it after review. */
  MANUAL,
  /** To be uploaded (again, after a failed try). */
  PENDING,
  /** Uploaded: the registry's id and its state (REGISTERED, VALIDATED, REJECTED, …) are known. */
  REGISTERED,
  /** The registry refused the upload for good; the reason is kept. */
  REFUSED
}
