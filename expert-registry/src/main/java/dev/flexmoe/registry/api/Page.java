package dev.flexmoe.registry.api;

import java.util.List;

/** One page of a listing: {@code page} counts from 0; {@code total} items match the filter. */
public record Page<T>(List<T> items, int page, int size, long total) {}
