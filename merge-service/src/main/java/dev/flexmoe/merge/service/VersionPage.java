package dev.flexmoe.merge.service;

import dev.flexmoe.merge.domain.ModelVersion;
import java.util.List;

/** One page of a model's versions, newest first; {@code page} counts from 0. */
public record VersionPage(List<ModelVersion> items, int page, int size, long total) {}
