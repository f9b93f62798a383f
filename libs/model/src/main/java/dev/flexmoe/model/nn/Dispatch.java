package dev.flexmoe.model.nn;

/** How tokens reach their experts; both give the same result up to float rounding. */
public enum Dispatch {
  /** Each expert on all tokens when k covers every expert (no sorting needed), sorted otherwise. */
  AUTO,
  /** Always sort token-expert pairs by expert and run each expert on its own tokens only. */
  SORTED
}
