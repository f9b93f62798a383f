package dev.flexmoe.model.eval;

/**
 * A document as the model sees it.
 *
 * @param tokens its token ids
 * @param bytes its length in UTF-8 bytes, the unit of bits per byte
 */
public record EncodedDocument(int[] tokens, long bytes) {}
