/**
 * The safetensors file format (Hugging Face): an 8-byte little-endian header length, a UTF-8 JSON
 * header naming each tensor's dtype, shape and byte range, then the tensors' little-endian bytes.
 *
 * <p>{@link dev.flexmoe.model.safetensors.SafetensorsReader} is strict because expert uploads are
 * untrusted: every header value is checked before it decides an allocation, the buffer must be
 * covered exactly, and float tensors must be finite. Its {@code check} applies the same rules to a
 * file of any size by mapping it instead of copying it into heap. {@link
 * dev.flexmoe.model.safetensors.SafetensorsWriter} is deterministic, so an artifact's SHA-256
 * depends only on its tensors and metadata. The package is plain {@code java.nio}; converting to
 * NDArrays happens in the model code.
 */
package dev.flexmoe.model.safetensors;
