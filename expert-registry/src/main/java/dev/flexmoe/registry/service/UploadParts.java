package dev.flexmoe.registry.service;

import java.nio.file.Path;

/**
 * The parts of an upload as received, not yet checked.
 *
 * @param manifestJson the bytes of {@code expert.json}
 * @param tensors the received {@code expert.safetensors}, in the server's upload directory
 * @param signature base64 Ed25519 signature, or null
 */
public record UploadParts(byte[] manifestJson, Path tensors, String signature) {}
