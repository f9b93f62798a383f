package dev.flexmoe.registry.service;

/** No expert that may still be served needs this artifact any more. */
public record BlobReleased(String artifactDigest) {}
