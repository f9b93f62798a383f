package dev.flexmoe.inference.service;

import java.util.List;
import java.util.Map;

/**
 * The experts one request may use, public first, and what decided it.
 *
 * @param failClosed only the public expert, because the policies may be stale
 * @param policyRevisions the revision of each of the version's experts' policies that was applied
 *     (0: none, so OFF)
 */
public record ActiveSet(
    List<String> experts, boolean failClosed, Map<String, Long> policyRevisions) {}
