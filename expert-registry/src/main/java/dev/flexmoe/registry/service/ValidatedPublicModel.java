package dev.flexmoe.registry.service;

import dev.flexmoe.model.FlexOlmoConfig;
import java.util.Map;

/**
 * A public model upload that passed every check, its files waiting to be stored.
 *
 * @param digest the digest computed over its files, equal to the claimed one
 * @param configJson its {@code config.json} as uploaded
 * @param files the received files by name
 */
public record ValidatedPublicModel(
    String name,
    String digest,
    FlexOlmoConfig config,
    String configJson,
    Map<String, ReceivedFile> files) {}
