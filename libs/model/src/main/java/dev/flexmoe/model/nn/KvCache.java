package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values of the tokens seen so far, per layer, for incremental decoding: each new token
 * attends to the cache instead of recomputing the prefix. Owns its tensors; close it when the
 * sequence is done.
 */
public final class KvCache implements AutoCloseable {

  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private int length;

  public KvCache(NDManager parent, int layers) {
    this.manager = parent.newSubManager();
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
  }

  /** Tokens cached so far: the position of the next token. */
  public int length() {
    return length;
  }

  /**
   * Appends one layer's new keys and values ([B, kvHeads, T, headDim]) and returns the whole
   * sequence's. The cached tensors move into the cache's manager.
   */
  NDArray[] append(int layer, NDArray newKeys, NDArray newValues) {
    NDArray allKeys = keys[layer] == null ? newKeys : keys[layer].concat(newKeys, 2);
    NDArray allValues = values[layer] == null ? newValues : values[layer].concat(newValues, 2);
    allKeys.attach(manager);
    allValues.attach(manager);
    if (keys[layer] != null && keys[layer] != allKeys) {
      keys[layer].close();
      values[layer].close();
    }
    keys[layer] = allKeys;
    values[layer] = allValues;
    return new NDArray[] {allKeys, allValues};
  }

  /** Marks {@code tokens} more positions as cached, after all layers appended them. */
  void advance(int tokens) {
    length += tokens;
  }

  @Override
  public void close() {
    manager.close();
  }
}
