package dev.flexmoe.merge.domain;

/** Where a registered expert stands for the merge service. */
public enum ExpertStatus {
  /** Passed every check; it is in the latest version or waits for the next one. */
  VALIDATED,
  /** Failed at least one check; it never enters a version. */
  REJECTED,
  /** Its owner withdrew it; it leaves the next version and no rollback brings it back. */
  WITHDRAWN
}
