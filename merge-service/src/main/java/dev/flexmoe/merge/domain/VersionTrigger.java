package dev.flexmoe.merge.domain;

/** Why a model version was made. */
public enum VersionTrigger {
  /** Newly validated experts joined. */
  REGISTRATION,
  /** An owner withdrew an expert (validated experts waiting at the time join too). */
  WITHDRAWAL,
  /** An operator restored an earlier version's contents under a new number. */
  ROLLBACK
}
