package dev.flexmoe.model.validation;

/**
 * An expert projection held against the same projection of the public FFN.
 *
 * @param tensor the expert tensor, e.g. {@code layers.0.gate_proj.weight}
 * @param normRatio its Frobenius norm over the public projection's
 * @param cosine the cosine similarity of the two, flattened
 */
public record ProjectionMeasure(String tensor, double normRatio, double cosine) {}
