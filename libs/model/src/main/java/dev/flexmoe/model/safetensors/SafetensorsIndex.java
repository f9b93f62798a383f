package dev.flexmoe.model.safetensors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@link SafetensorsReader#check} found in a file that passed: the metadata and each tensor's
 * dtype, shape and byte range, without the tensors' bytes.
 */
public final class SafetensorsIndex {

  /**
   * One tensor's header entry.
   *
   * @param begin the first byte of the tensor within the byte buffer (data_offsets[0])
   * @param end the byte after its last (data_offsets[1])
   */
  public record Tensor(String name, Dtype dtype, long[] shape, long begin, long end) {

    public Tensor {
      shape = shape.clone();
    }

    /** The dimensions, outermost first; empty for a scalar. A fresh array. */
    @Override
    public long[] shape() {
      return shape.clone();
    }
  }

  private final Map<String, String> metadata;
  private final SortedMap<String, Tensor> tensors = new TreeMap<>();

  SafetensorsIndex(Map<String, String> metadata, List<Tensor> tensors) {
    this.metadata = Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
    tensors.forEach(tensor -> this.tensors.put(tensor.name(), tensor));
  }

  /** The header's {@code __metadata__}, sorted by key; empty when the file has none. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The tensors, sorted by name. */
  public List<Tensor> tensors() {
    return List.copyOf(tensors.values());
  }

  /** Each tensor's shape by name, sorted by name as {@link SafetensorsFile#tensors()} is. */
  public Map<String, long[]> shapes() {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    tensors.values().forEach(tensor -> shapes.put(tensor.name(), tensor.shape()));
    return shapes;
  }
}
