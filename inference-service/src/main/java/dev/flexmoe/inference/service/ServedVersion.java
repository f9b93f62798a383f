package dev.flexmoe.inference.service;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.generate.BatchedGenerator;
import dev.flexmoe.model.nn.ExpertMask;
import dev.flexmoe.model.nn.FlexOlmoModel;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded model version: the merged weights, the experts by router row (row 0 the public model),
 * the tokenizer, and the decoding batch its requests run in. Requests hold it while they run; once
 * it is replaced and its last request is done, its native memory is freed.
 */
public final class ServedVersion {

  /** How the public expert is named in responses. */
  public static final String PUBLIC = "public";

  private final String modelName;
  private final long number;
  private final List<String> experts;
  private final int contextLength;
  private final NDManager manager;
  private final FlexOlmoModel model;
  private final FlexTokenizer tokenizer;
  private final BatchedGenerator batch;
  private final AtomicInteger holders = new AtomicInteger(1); // the server itself holds it
  private volatile boolean freed;

  ServedVersion(
      String modelName,
      long number,
      List<String> experts,
      NDManager manager,
      FlexOlmoModel model,
      FlexTokenizer tokenizer,
      int maxBatch) {
    this.modelName = modelName;
    this.number = number;
    this.experts = List.copyOf(experts);
    this.manager = manager;
    this.model = model;
    this.tokenizer = tokenizer;
    this.contextLength = model.config().maxPositionEmbeddings();
    this.batch = BatchedGenerator.attributing(model, maxBatch, 0);
  }

  public String modelName() {
    return modelName;
  }

  public long number() {
    return number;
  }

  /** Expert ids by router row; row 0 is {@link #PUBLIC}. */
  public List<String> experts() {
    return experts;
  }

  public int contextLength() {
    return contextLength;
  }

  FlexTokenizer tokenizer() {
    return tokenizer;
  }

  BatchedGenerator batch() {
    return batch;
  }

  /** The mask that lets the experts {@code used} route (rows of this version), public always. */
  ExpertMask mask(List<String> used) {
    List<Integer> rows = new ArrayList<>();
    for (int row = 1; row < experts.size(); row++) {
      if (used.contains(experts.get(row))) {
        rows.add(row);
      }
    }
    return ExpertMask.only(experts.size(), rows);
  }

  /** A request starts on this version; false once it is freed (take the current one again). */
  boolean hold() {
    while (true) {
      int count = holders.get();
      if (count == 0) {
        return false;
      }
      if (holders.compareAndSet(count, count + 1)) {
        return true;
      }
    }
  }

  /** A request on it ended, or the server let go of it: the last one frees it. */
  void release() {
    if (holders.decrementAndGet() == 0) {
      freed = true;
      batch.close();
      manager.close();
      tokenizer.close();
    }
  }

  boolean freed() {
    return freed;
  }
}
