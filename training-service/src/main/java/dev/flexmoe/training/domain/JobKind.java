package dev.flexmoe.training.domain;

/** What a job trains (docs/method.md). */
public enum JobKind {
  /** An expert against the frozen public model: the artifact an owner registers. */
  EXPERT,
  /** The public model's FFNs continued on one domain: a dense model kept locally. */
  DENSE,
  /** A merged model's router rows tuned on proxy data: a model kept locally. */
  ROUTER_TUNING,
  /**
   * The operator's public model with its tokenizer, pretrained on the public corpus: the anchor
   * registered for every owner's expert to be trained against.
   */
  PUBLIC
}
