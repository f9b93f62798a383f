package dev.flexmoe.model.safetensors;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The content of a safetensors file that passed {@link SafetensorsReader}'s checks. */
public final class SafetensorsFile {

  private final Map<String, String> metadata;
  private final SortedMap<String, SafetensorsTensor> tensors;

  SafetensorsFile(Map<String, String> metadata, Map<String, SafetensorsTensor> tensors) {
    this.metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
    this.tensors = Collections.unmodifiableSortedMap(new TreeMap<>(tensors));
  }

  /** The header's {@code __metadata__}, sorted by key; empty when the file has none. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The tensor names, sorted. */
  public List<String> names() {
    return List.copyOf(tensors.keySet());
  }

  /** The tensors, sorted by name. */
  public List<SafetensorsTensor> tensors() {
    return List.copyOf(tensors.values());
  }

  public Optional<SafetensorsTensor> find(String name) {
    return Optional.ofNullable(tensors.get(name));
  }

  /** The named tensor; a missing one is an error because callers look up names they expect. */
  public SafetensorsTensor tensor(String name) {
    SafetensorsTensor tensor = tensors.get(name);
    if (tensor == null) {
      throw new NoSuchElementException(
          "no tensor named "
              + TensorNameRule.quote(name)
              + " (the file has "
              + tensors.size()
              + ")");
    }
    return tensor;
  }
}
