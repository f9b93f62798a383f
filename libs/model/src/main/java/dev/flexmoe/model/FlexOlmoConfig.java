package dev.flexmoe.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The shape of a FlexOlmo model, read and written as a Hugging Face {@code config.json} ({@code
 * model_type: flex_olmo}).
 *
 * <p>A public (dense) model is a FlexOlmo with one expert: its FFN is expert 0, its router row 0 is
 * the public router embedding. Merging n experts gives {@code numExperts = n + 1}.
 *
 * @param vocabSize tokens in the vocabulary
 * @param hiddenSize d, the residual width
 * @param intermediateSize width of each SwiGLU expert
 * @param numHiddenLayers decoder layers
 * @param numAttentionHeads query heads
 * @param numKeyValueHeads key/value heads (grouped-query attention when fewer than query heads)
 * @param numExperts experts per MoE layer, the public one included
 * @param numExpertsPerTok k, experts active per token
 * @param normTopkProb whether the kept top-k router probabilities are renormalized (FlexOlmo: no)
 * @param rmsNormEps epsilon of every RMSNorm
 * @param ropeTheta RoPE base frequency
 * @param maxPositionEmbeddings longest context
 * @param tieWordEmbeddings whether the LM head shares the embedding matrix (FlexOlmo: no)
 * @param initializerRange standard deviation of the normal initialization
 * @param eosTokenId the end-of-document token, if the tokenizer has one
 */
public record FlexOlmoConfig(
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    int numExperts,
    int numExpertsPerTok,
    boolean normTopkProb,
    double rmsNormEps,
    double ropeTheta,
    int maxPositionEmbeddings,
    boolean tieWordEmbeddings,
    double initializerRange,
    Integer eosTokenId) {

  public FlexOlmoConfig {
    positive(vocabSize, "vocab_size");
    positive(hiddenSize, "hidden_size");
    positive(intermediateSize, "intermediate_size");
    positive(numHiddenLayers, "num_hidden_layers");
    positive(numAttentionHeads, "num_attention_heads");
    positive(numKeyValueHeads, "num_key_value_heads");
    positive(numExperts, "num_experts");
    positive(numExpertsPerTok, "num_experts_per_tok");
    positive(maxPositionEmbeddings, "max_position_embeddings");
    if (hiddenSize % numAttentionHeads != 0) {
      throw invalid("hidden_size " + hiddenSize + " is not a multiple of num_attention_heads");
    }
    if ((hiddenSize / numAttentionHeads) % 2 != 0) {
      throw invalid("head size " + hiddenSize / numAttentionHeads + " must be even for RoPE");
    }
    if (numAttentionHeads % numKeyValueHeads != 0) {
      throw invalid("num_attention_heads is not a multiple of num_key_value_heads");
    }
    if (numExpertsPerTok > numExperts) {
      throw invalid("num_experts_per_tok " + numExpertsPerTok + " > num_experts " + numExperts);
    }
    if (!(rmsNormEps > 0) || !(ropeTheta > 0) || !(initializerRange > 0)) {
      throw invalid("rms_norm_eps, rope_theta and initializer_range must be positive");
    }
    if (eosTokenId != null && (eosTokenId < 0 || eosTokenId >= vocabSize)) {
      throw invalid("eos_token_id " + eosTokenId + " is outside the vocabulary");
    }
  }

  /** For tests: a model that trains in seconds on a CPU. */
  public static FlexOlmoConfig micro(int vocabSize) {
    return dense(vocabSize, 64, 160, 2, 4, 2, 128, 10_000);
  }

  /** The CPU default: trains a useful model on 2 cores within the hour. */
  public static FlexOlmoConfig tiny(int vocabSize) {
    return dense(vocabSize, 256, 688, 4, 4, 4, 256, 10_000);
  }

  /** GPU-sized: for a real accelerator. */
  public static FlexOlmoConfig small(int vocabSize) {
    return dense(vocabSize, 768, 2048, 12, 12, 12, 1024, 500_000);
  }

  /** The paper's 7B dimensions (OLMo 2 7B); for shape and parameter-count checks. */
  public static FlexOlmoConfig olmo2_7b() {
    return dense(100_352, 4096, 11_008, 32, 32, 32, 4096, 500_000);
  }

  /** A named preset: micro, tiny, small or olmo2-7b. */
  public static FlexOlmoConfig preset(String name, int vocabSize) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "micro" -> micro(vocabSize);
      case "tiny" -> tiny(vocabSize);
      case "small" -> small(vocabSize);
      case "olmo2-7b" -> olmo2_7b();
      default ->
          throw new IllegalArgumentException(
              "unknown preset '" + name + "': choose micro, tiny, small or olmo2-7b");
    };
  }

  private static FlexOlmoConfig dense(
      int vocab, int d, int ffn, int layers, int heads, int kvHeads, int context, double theta) {
    return new FlexOlmoConfig(
        vocab, d, ffn, layers, heads, kvHeads, 1, 1, false, 1e-6, theta, context, false, 0.02,
        null);
  }

  /** The same model with another number of experts and active experts per token. */
  public FlexOlmoConfig withExperts(int experts, int perToken) {
    return new FlexOlmoConfig(
        vocabSize,
        hiddenSize,
        intermediateSize,
        numHiddenLayers,
        numAttentionHeads,
        numKeyValueHeads,
        experts,
        perToken,
        normTopkProb,
        rmsNormEps,
        ropeTheta,
        maxPositionEmbeddings,
        tieWordEmbeddings,
        initializerRange,
        eosTokenId);
  }

  /** The same model with an end-of-document token. */
  public FlexOlmoConfig withEosTokenId(Integer eos) {
    return new FlexOlmoConfig(
        vocabSize,
        hiddenSize,
        intermediateSize,
        numHiddenLayers,
        numAttentionHeads,
        numKeyValueHeads,
        numExperts,
        numExpertsPerTok,
        normTopkProb,
        rmsNormEps,
        ropeTheta,
        maxPositionEmbeddings,
        tieWordEmbeddings,
        initializerRange,
        eos);
  }

  public int headDim() {
    return hiddenSize / numAttentionHeads;
  }

  /** Parameters of one SwiGLU expert: gate, up and down projections. */
  public long expertParameters() {
    return 3L * hiddenSize * intermediateSize;
  }

  /** Parameters of everything but the experts: embeddings, attention, norms, routers, head. */
  public long sharedParameters() {
    long kv = (long) numKeyValueHeads * headDim();
    long attention = 2L * hiddenSize * hiddenSize + 2L * hiddenSize * kv;
    long norms = 2L * hiddenSize + hiddenSize + kv; // post-attention, post-FFN, q-norm, k-norm
    long router = (long) numExperts * hiddenSize;
    long perLayer = attention + norms + router;
    long embeddings = (long) vocabSize * hiddenSize * (tieWordEmbeddings ? 1 : 2);
    return numHiddenLayers * perLayer + embeddings + hiddenSize;
  }

  /** All parameters. */
  public long totalParameters() {
    return sharedParameters() + (long) numHiddenLayers * numExperts * expertParameters();
  }

  /** Parameters a token passes through: the shared ones and k experts per layer. */
  public long activeParameters() {
    return sharedParameters() + (long) numHiddenLayers * numExpertsPerTok * expertParameters();
  }

  /** The HF {@code config.json} document. */
  public ObjectNode toJson() {
    ObjectNode json = JSON.createObjectNode();
    json.putArray("architectures").add("FlexOlmoForCausalLM");
    json.put("model_type", "flex_olmo");
    json.put("vocab_size", vocabSize);
    json.put("hidden_size", hiddenSize);
    json.put("intermediate_size", intermediateSize);
    json.put("num_hidden_layers", numHiddenLayers);
    json.put("num_attention_heads", numAttentionHeads);
    json.put("num_key_value_heads", numKeyValueHeads);
    json.put("num_experts", numExperts);
    json.put("num_experts_per_tok", numExpertsPerTok);
    json.put("norm_topk_prob", normTopkProb);
    json.put("hidden_act", "silu");
    json.put("rms_norm_eps", rmsNormEps);
    json.put("rope_theta", ropeTheta);
    ObjectNode rope = json.putObject("rope_parameters");
    rope.put("rope_type", "default");
    rope.put("rope_theta", ropeTheta);
    json.put("max_position_embeddings", maxPositionEmbeddings);
    json.put("tie_word_embeddings", tieWordEmbeddings);
    json.put("initializer_range", initializerRange);
    json.put("attention_bias", false);
    json.put("attention_dropout", 0.0);
    json.put("output_router_logits", false);
    json.put("router_aux_loss_coef", 0.0);
    if (eosTokenId != null) {
      json.put("eos_token_id", eosTokenId);
      json.put("pad_token_id", eosTokenId);
    } else {
      json.putNull("eos_token_id");
      json.putNull("pad_token_id");
    }
    json.putNull("bos_token_id");
    json.put("torch_dtype", "float32");
    json.put("use_cache", true);
    return json;
  }

  /**
   * Reads an HF {@code config.json}. Keys this implementation does not use are ignored; a missing
   * key we need, or a value we cannot serve (another activation, attention bias), is an error that
   * names it.
   */
  public static FlexOlmoConfig fromJson(JsonNode json) {
    if (!json.isObject()) {
      throw invalid("config.json must be a JSON object");
    }
    String modelType = json.path("model_type").asText("");
    if (!modelType.equals("flex_olmo")) {
      throw invalid("model_type must be 'flex_olmo' but is '" + modelType + "'");
    }
    if (json.has("hidden_act") && !json.get("hidden_act").asText().equals("silu")) {
      throw invalid("hidden_act '" + json.get("hidden_act").asText() + "' is not supported");
    }
    if (json.path("attention_bias").asBoolean(false)) {
      throw invalid("attention_bias is not supported (FlexOlmo has no biases)");
    }
    int heads = requiredInt(json, "num_attention_heads");
    double theta =
        json.has("rope_theta")
            ? json.get("rope_theta").asDouble()
            : json.path("rope_parameters").path("rope_theta").asDouble(500_000);
    int experts =
        json.has("num_experts")
            ? requiredInt(json, "num_experts")
            : requiredInt(json, "num_local_experts");
    JsonNode eos = json.get("eos_token_id");
    return new FlexOlmoConfig(
        requiredInt(json, "vocab_size"),
        requiredInt(json, "hidden_size"),
        requiredInt(json, "intermediate_size"),
        requiredInt(json, "num_hidden_layers"),
        heads,
        json.has("num_key_value_heads") && !json.get("num_key_value_heads").isNull()
            ? requiredInt(json, "num_key_value_heads")
            : heads,
        experts,
        requiredInt(json, "num_experts_per_tok"),
        json.path("norm_topk_prob").asBoolean(false),
        json.path("rms_norm_eps").asDouble(1e-6),
        theta,
        requiredInt(json, "max_position_embeddings"),
        json.path("tie_word_embeddings").asBoolean(false),
        json.path("initializer_range").asDouble(0.02),
        eos == null || eos.isNull() ? null : (eos.isArray() ? eos.get(0).asInt() : eos.asInt()));
  }

  public static FlexOlmoConfig read(Path file) {
    try {
      return fromJson(JSON.readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public void write(Path file) {
    try {
      Files.writeString(file, JSON.writeValueAsString(toJson()) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static int requiredInt(JsonNode json, String key) {
    JsonNode value = json.get(key);
    if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
      throw invalid("config.json needs an integer '" + key + "'");
    }
    return value.asInt();
  }

  private static void positive(int value, String key) {
    if (value <= 0) {
      throw invalid(key + " must be positive but is " + value);
    }
  }

  private static IllegalArgumentException invalid(String message) {
    return new IllegalArgumentException("invalid FlexOlmo config: " + message);
  }
}
