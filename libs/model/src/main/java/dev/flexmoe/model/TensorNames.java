package dev.flexmoe.model;

import java.util.List;

/** The Hugging Face {@code flex_olmo} tensor names, in one place. */
public final class TensorNames {

  private TensorNames() {}

  public static final String EMBED = "model.embed_tokens.weight";
  public static final String FINAL_NORM = "model.norm.weight";
  public static final String LM_HEAD = "lm_head.weight";

  /** The projections of an expert's SwiGLU feed-forward network, in the order they are stored. */
  public static final List<String> PROJECTIONS = List.of("gate", "up", "down");

  private static String layer(int layer) {
    return "model.layers." + layer + ".";
  }

  /** {@code q}, {@code k}, {@code v} or {@code o}. */
  public static String attention(int layer, char projection) {
    return layer(layer) + "self_attn." + projection + "_proj.weight";
  }

  public static String qNorm(int layer) {
    return layer(layer) + "self_attn.q_norm.weight";
  }

  public static String kNorm(int layer) {
    return layer(layer) + "self_attn.k_norm.weight";
  }

  public static String postAttentionNorm(int layer) {
    return layer(layer) + "post_attention_layernorm.weight";
  }

  public static String postFeedforwardNorm(int layer) {
    return layer(layer) + "post_feedforward_layernorm.weight";
  }

  /** {@code gate}, {@code up} or {@code down} of one expert. */
  public static String expert(int layer, int expert, String projection) {
    return layer(layer) + "mlp.experts." + expert + "." + projection + "_proj.weight";
  }

  /** The router: one row per expert, public = row 0. */
  public static String router(int layer) {
    return layer(layer) + "mlp.gate.weight";
  }

  /**
   * The train-time router bias of an expert artifact (one scalar per layer, applied as {@code
   * min(b, 0)} to the expert's logit). Not part of HF checkpoints.
   */
  public static String routerBias(int layer) {
    return layer(layer) + "mlp.gate.bias";
  }
}
