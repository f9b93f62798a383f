package dev.flexmoe.registry.service;

/**
 * A public model's upload as received, not yet checked.
 *
 * @param name the name to register it under
 * @param digest the digest the operator claims for it (as {@code flexmoe inspect} prints it)
 * @param config the received {@code config.json}
 * @param weights the received {@code model.safetensors}
 * @param tokenizer the received {@code tokenizer.json}
 */
public record PublicModelParts(
    String name,
    String digest,
    ReceivedFile config,
    ReceivedFile weights,
    ReceivedFile tokenizer) {}
