package dev.flexmoe.merge.service;

/**
 * A served model: its public model, its newest version and the version served now.
 *
 * @param servedVersion 0 while no version is published
 */
public record ModelSummary(
    String name, String publicDigest, long latestVersion, long servedVersion) {}
