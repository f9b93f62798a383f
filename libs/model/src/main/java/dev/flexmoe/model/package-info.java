/**
 * FlexOlmo model math on DJL's PyTorch engine: an OLMo-2 decoder whose feed-forward layers are a
 * mixture of experts trained independently against a frozen public model, merged without joint
 * training, and switched off per request by masking their router rows.
 *
 * <p>Tensor names follow Hugging Face's {@code flex_olmo} checkpoints ({@link TensorNames}), so a
 * merged model exports as one HF checkpoint and any HF FlexOlmo checkpoint imports. No Quarkus, no
 * Kafka: this library is plain math and files.
 */
package dev.flexmoe.model;
