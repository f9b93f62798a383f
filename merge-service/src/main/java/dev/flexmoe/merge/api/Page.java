package dev.flexmoe.merge.api;

import java.util.List;

/** One page of a listing: {@code page} counts from 0; {@code total} items in all. */
public record Page<T>(List<T> items, int page, int size, long total) {}
