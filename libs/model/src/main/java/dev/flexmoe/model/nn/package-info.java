/**
 * The decoder, one small class per concept, in the order a token meets them: {@link Rope}, {@link
 * Attention} (with QK-norm), {@link RmsNorm}, {@link Router}, {@link SwiGluExpert}, {@link
 * MoeLayer}, {@link DecoderLayer}, {@link FlexOlmoModel}.
 *
 * <p>Memory: every intermediate is created by an operation whose receiver is the activation (never
 * a weight), so it belongs to the activation's manager and is freed when the caller closes its
 * per-step sub-manager. Weights live in their own manager and never gain attachments.
 */
package dev.flexmoe.model.nn;
