package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.FlexOlmoConfig;

/**
 * Keys and values of the tokens seen so far, per layer, for incremental decoding: each new token
 * attends to the cache instead of recomputing the prefix. The storage is allocated once for the
 * whole context ([B, kvHeads, context, headDim] per layer) and new tokens are written into it in
 * place, so a decode step copies nothing but its own token's keys and values. Owns its tensors;
 * close it when the sequence is done. A cache can also be one slot of a {@link DecodeBatch}'s
 * storage, which it then writes through to.
 */
public final class KvCache implements AutoCloseable {

  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private final int capacity;
  private final int kvHeads;
  private final int headDim;
  private int length;

  /** An empty cache for one or more sequences of {@code config}'s model. */
  public KvCache(NDManager parent, FlexOlmoConfig config) {
    this(
        parent.newSubManager(),
        new NDArray[config.numHiddenLayers()],
        new NDArray[config.numHiddenLayers()],
        config);
  }

  /** A cache over given storage, one [1, kvHeads, context, headDim] tensor per layer. */
  KvCache(NDManager manager, NDArray[] keys, NDArray[] values, FlexOlmoConfig config) {
    this.manager = manager;
    this.keys = keys;
    this.values = values;
    this.capacity = config.maxPositionEmbeddings();
    this.kvHeads = config.numKeyValueHeads();
    this.headDim = config.headDim();
  }

  /** Tokens cached so far: the position of the next token. */
  public int length() {
    return length;
  }

  /**
   * Writes one layer's new keys and values ([B, kvHeads, T, headDim]) after the cached ones and
   * returns views of the whole sequence's, which belong to the new keys' manager (the step's).
   */
  NDArray[] append(int layer, NDArray newKeys, NDArray newValues) {
    int tokens = (int) newKeys.getShape().get(2);
    if (length + tokens > capacity) {
      throw new IllegalArgumentException(
          "positions up to " + (length + tokens) + " exceed the context of " + capacity);
    }
    if (keys[layer] == null) {
      Shape storage = new Shape(newKeys.getShape().get(0), kvHeads, capacity, headDim);
      keys[layer] = manager.zeros(storage, newKeys.getDataType());
      values[layer] = manager.zeros(storage, newValues.getDataType());
    }
    NDIndex fresh = new NDIndex(":, :, {}:{}", length, length + tokens);
    keys[layer].set(fresh, newKeys);
    values[layer].set(fresh, newValues);
    NDIndex seen = new NDIndex(":, :, :{}", length + tokens);
    return new NDArray[] {
      Scope.ownedBy(newKeys, keys[layer].get(seen)), Scope.ownedBy(newKeys, values[layer].get(seen))
    };
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
