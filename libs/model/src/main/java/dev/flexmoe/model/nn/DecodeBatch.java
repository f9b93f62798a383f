package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.flexmoe.model.FlexOlmoConfig;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Key/value storage for many sequences decoded together: one [slots, kvHeads, context, headDim]
 * tensor per layer, of which each sequence holds one slot for its lifetime. A sequence joins by
 * taking a free slot (its prefill writes there through {@link #join()}'s cache) and leaves by
 * freeing it: nobody else's keys and values are copied or moved. A decode step attends over the
 * slots in use at once, each row masked to its own length.
 */
public final class DecodeBatch implements AutoCloseable {

  private final FlexOlmoConfig config;
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private final KvCache[] occupants;
  private final BitSet used = new BitSet();

  public DecodeBatch(NDManager parent, FlexOlmoConfig config, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("a batch needs at least one slot, not " + slots);
    }
    this.config = config;
    this.manager = parent.newSubManager();
    int layers = config.numHiddenLayers();
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
    Shape storage =
        new Shape(
            slots, config.numKeyValueHeads(), config.maxPositionEmbeddings(), config.headDim());
    for (int layer = 0; layer < layers; layer++) {
      keys[layer] = manager.zeros(storage, DataType.FLOAT32);
      values[layer] = manager.zeros(storage, DataType.FLOAT32);
    }
    this.occupants = new KvCache[slots];
  }

  public int slots() {
    return occupants.length;
  }

  /** Sequences holding a slot. */
  public int occupied() {
    return used.cardinality();
  }

  /**
   * Takes the lowest free slot for a new sequence and returns its cache: prefill the sequence's
   * prompt through it ({@link Forward#withCache}), then decode it in {@link #step}s.
   *
   * @throws IllegalStateException when every slot is taken
   */
  public KvCache join() {
    int slot = used.nextClearBit(0);
    if (slot >= occupants.length) {
      throw new IllegalStateException("all " + occupants.length + " slots are taken");
    }
    NDManager views = manager.newSubManager();
    NDArray[] slotKeys = new NDArray[keys.length];
    NDArray[] slotValues = new NDArray[keys.length];
    NDIndex row = new NDIndex("{}:{}", slot, slot + 1);
    for (int layer = 0; layer < keys.length; layer++) {
      slotKeys[layer] = keys[layer].get(row);
      slotValues[layer] = values[layer].get(row);
      slotKeys[layer].attach(views);
      slotValues[layer].attach(views);
    }
    KvCache cache = new KvCache(views, slotKeys, slotValues, config);
    occupants[slot] = cache;
    used.set(slot);
    return cache;
  }

  /** Frees the slot of a sequence that is done; its cache must not be used afterwards. */
  public void leave(KvCache cache) {
    int slot = slotOf(cache);
    occupants[slot] = null;
    used.clear(slot);
    cache.close();
  }

  /**
   * The layout of one decode step over {@code rows} (caches of this batch, one new token each, in
   * the order of the step's token rows), with its tensors in {@code scope}.
   */
  Step step(NDManager scope, List<KvCache> rows) {
    long[] slots = new long[rows.size()];
    long[] positions = new long[rows.size()];
    int span = 0;
    int keysSeen = 0;
    for (int i = 0; i < rows.size(); i++) {
      KvCache cache = rows.get(i);
      slots[i] = slotOf(cache);
      positions[i] = cache.length();
      if (cache.length() >= config.maxPositionEmbeddings()) {
        throw new IllegalArgumentException(
            "a sequence at position "
                + cache.length()
                + " exceeds the context of "
                + config.maxPositionEmbeddings());
      }
      span = Math.max(span, (int) slots[i] + 1);
      keysSeen = Math.max(keysSeen, cache.length() + 1);
    }
    return new Step(this, scope, rows, slots, positions, span, keysSeen);
  }

  private int slotOf(KvCache cache) {
    for (int slot = 0; slot < occupants.length; slot++) {
      if (occupants[slot] == cache) {
        return slot;
      }
    }
    throw new IllegalArgumentException("that cache holds no slot of this batch");
  }

  @Override
  public void close() {
    manager.close();
  }

  /**
   * One step's indices: row i is the sequence in slot {@code slots[i]}, its new token at {@code
   * positions[i]}. Attention runs over the slots {@code 0 .. span-1} and the keys {@code 0 ..
   * keysSeen-1}; rows of free slots in that range attend to their first key only (finite values
   * that no one reads).
   */
  static final class Step {
    private final DecodeBatch batch;
    private final List<KvCache> rows;
    private final long[] slots;
    private final long[] positions;
    private final int span;
    private final int keysSeen;
    private final boolean inSlotOrder;
    final NDArray slotIndex;
    final NDArray positionIndex;
    final NDArray keyMask;

    private Step(
        DecodeBatch batch,
        NDManager scope,
        List<KvCache> rows,
        long[] slots,
        long[] positions,
        int span,
        int keysSeen) {
      this.batch = batch;
      this.rows = rows;
      this.slots = slots;
      this.positions = positions;
      this.span = span;
      this.keysSeen = keysSeen;
      boolean ordered = span == slots.length;
      for (int i = 0; ordered && i < slots.length; i++) {
        ordered = slots[i] == i;
      }
      this.inSlotOrder = ordered;
      this.slotIndex = scope.create(slots);
      this.positionIndex = scope.create(positions);
      float[] mask = new float[span * keysSeen];
      long[] lengthOfSlot = new long[span]; // keys visible per slot; 1 for a free slot
      Arrays.fill(lengthOfSlot, 1);
      for (int i = 0; i < slots.length; i++) {
        lengthOfSlot[(int) slots[i]] = positions[i] + 1;
      }
      for (int slot = 0; slot < span; slot++) {
        for (int key = (int) lengthOfSlot[slot]; key < keysSeen; key++) {
          mask[slot * keysSeen + key] = Float.NEGATIVE_INFINITY;
        }
      }
      this.keyMask = scope.create(mask, new Shape(span, 1, 1, keysSeen));
    }

    int rows() {
      return slots.length;
    }

    /** Slots {@code 0 .. span-1} take part in attention. */
    int span() {
      return span;
    }

    /** Keys {@code 0 .. keysSeen-1} take part in attention. */
    int keysSeen() {
      return keysSeen;
    }

    /** Whether row i is slot i for every row, with no other slot in the span. */
    boolean inSlotOrder() {
      return inSlotOrder;
    }

    /** The position of each slot's new token, over the span; 0 for a free slot. */
    long[] slotPositions() {
      long[] positionOfSlot = new long[span];
      for (int i = 0; i < slots.length; i++) {
        positionOfSlot[(int) slots[i]] = positions[i];
      }
      return positionOfSlot;
    }

    /** The batch's key storage, one [slots, kvHeads, context, headDim] tensor per layer. */
    NDArray[] keys() {
      return batch.keys;
    }

    /** The batch's value storage, as {@link #keys()}. */
    NDArray[] values() {
      return batch.values;
    }

    /** Each row's position: the length of its sequence before this step. */
    long[] positions() {
      return positions;
    }

    /** Writes the rows' new keys and values ([B, kvHeads, 1, headDim]) at their positions. */
    NDArray[] write(int layer, NDArray newKeys, NDArray newValues) {
      NDIndex at = new NDIndex("{}, :, {}", slotIndex, positionIndex);
      batch.keys[layer].set(at, newKeys.squeeze(2));
      batch.values[layer].set(at, newValues.squeeze(2));
      NDIndex seen = new NDIndex(":{}, :, :{}", span, keysSeen);
      return new NDArray[] {
        Scope.ownedBy(newKeys, batch.keys[layer].get(seen)),
        Scope.ownedBy(newKeys, batch.values[layer].get(seen))
      };
    }

    /** Spreads per-row tensors [B, ...] over the step's slots [span, ...] (free slots zero). */
    NDArray toSlots(NDArray perRow) {
      if (inSlotOrder) {
        return perRow;
      }
      long[] shape = perRow.getShape().getShape().clone();
      shape[0] = span;
      NDArray spread = perRow.getManager().zeros(new Shape(shape), perRow.getDataType());
      spread.set(new NDIndex("{}", slotIndex), perRow);
      return spread;
    }

    /** The rows' part [B, ...] of a per-slot tensor [span, ...]. */
    NDArray toRows(NDArray perSlot) {
      return inSlotOrder ? perSlot : perSlot.get(new NDIndex("{}", slotIndex));
    }

    /** After every layer wrote its keys: each row's sequence is one token longer. */
    void advance() {
      rows.forEach(cache -> cache.advance(1));
    }
  }
}
