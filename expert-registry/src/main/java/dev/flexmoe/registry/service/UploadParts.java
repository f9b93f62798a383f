package dev.flexmoe.registry.service;

/**
 * The parts of an upload as received, not yet checked.
 *
 * @param manifestJson the bytes of {@code expert.json}
 * @param tensors the received {@code expert.safetensors}, hashed but not yet stored
 * @param signature base64 Ed25519 signature, or null
 */
public record UploadParts(byte[] manifestJson, ReceivedFile tensors, String signature) {}
