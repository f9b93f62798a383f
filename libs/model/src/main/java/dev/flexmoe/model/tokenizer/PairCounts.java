package dev.flexmoe.model.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The BPE trainer's working state: every distinct piece as a sequence of token ids, how often each
 * adjacent pair of tokens occurs (weighted by piece count), and which pieces contain it.
 *
 * <p>A merge rewrites only the pieces that contain its pair and adjusts the counts of the pairs
 * around each occurrence, so training costs about the number of occurrences merged rather than a
 * recount of the whole text per merge. The most frequent pair comes from a priority queue with lazy
 * entries: every pair has an entry at least as high as its current count (a count that rises gets a
 * fresh entry; one that falls is corrected when its entry reaches the top), so the first entry
 * whose count is current is the true maximum.
 */
final class PairCounts {

  /** An adjacent pair of token ids. */
  record Pair(int left, int right) {}

  private static final class Stats {
    final Pair pair;
    long count;
    boolean excluded;

    /** Pieces that contained the pair when it was counted; some may no longer (checked later). */
    int[] pieces = new int[4];

    int pieceCount;

    /** The merge in which this pair last rose, so it is queued once per merge. */
    int risenIn;

    Stats(Pair pair) {
      this.pair = pair;
    }

    void addPiece(int piece) {
      if (pieceCount > 0 && pieces[pieceCount - 1] == piece) {
        return;
      }
      if (pieceCount == pieces.length) {
        pieces = Arrays.copyOf(pieces, pieceCount * 2);
      }
      pieces[pieceCount++] = piece;
    }
  }

  private record Entry(long count, Pair pair) {}

  /** Highest count first; among equal counts the smaller left id, then the smaller right id. */
  private static final Comparator<Entry> ORDER =
      Comparator.comparingLong(Entry::count)
          .reversed()
          .thenComparingInt(e -> e.pair().left())
          .thenComparingInt(e -> e.pair().right());

  private final int[][] symbols;
  private final int[] lengths;
  private final long[] counts;
  private final Map<Pair, Stats> stats = new HashMap<>();
  private final PriorityQueue<Entry> queue = new PriorityQueue<>(ORDER);

  /** The merge in progress, counted from 1, and its pair. */
  private int mergeNumber;

  private Pair merging;

  private final int[] visitedIn;
  private final List<Stats> risen = new ArrayList<>();

  /**
   * @param pieceCounts distinct pieces with their number of occurrences
   * @param firstByteId the id of the token for byte 0; byte {@code b} is {@code firstByteId + b}
   */
  PairCounts(Map<String, long[]> pieceCounts, int firstByteId) {
    int n = pieceCounts.size();
    symbols = new int[n][];
    lengths = new int[n];
    counts = new long[n];
    visitedIn = new int[n];
    int piece = 0;
    for (Map.Entry<String, long[]> entry : pieceCounts.entrySet()) {
      byte[] bytes = entry.getKey().getBytes(StandardCharsets.UTF_8);
      int[] ids = new int[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        ids[i] = firstByteId + (bytes[i] & 0xFF);
      }
      symbols[piece] = ids;
      lengths[piece] = ids.length;
      counts[piece] = entry.getValue()[0];
      for (int i = 0; i + 1 < ids.length; i++) {
        add(ids[i], ids[i + 1], counts[piece], piece);
      }
      piece++;
    }
    for (Stats s : stats.values()) {
      queue.add(new Entry(s.count, s.pair));
    }
  }

  /** The most frequent pair that occurs at least {@code minFrequency} times, or null if none. */
  Pair mostFrequent(int minFrequency) {
    Entry top;
    while ((top = queue.poll()) != null) {
      Stats s = stats.get(top.pair());
      if (s.excluded) {
        // Merged already or excluded by the trainer: its occurrences never count again.
        continue;
      }
      if (s.count == top.count()) {
        return top.count() >= minFrequency ? top.pair() : null;
      }
      if (s.count < top.count() && s.count > 0) {
        queue.add(new Entry(s.count, s.pair));
      }
      // A count above the entry's has its own, newer entry.
    }
    return null;
  }

  /** Never offers this pair again: the trainer found that its merge would spell a special token. */
  void exclude(Pair pair) {
    stats.get(pair).excluded = true;
  }

  /**
   * Replaces every occurrence of {@code pair}, left to right, by token {@code merged}. The pair is
   * never offered again: if a later merge recreates occurrences of it, the runtime merges them at
   * this rank anyway.
   */
  void merge(Pair pair, int merged) {
    mergeNumber++;
    merging = pair;
    Stats target = stats.get(pair);
    target.excluded = true;
    for (int i = 0; i < target.pieceCount; i++) {
      int piece = target.pieces[i];
      if (visitedIn[piece] != mergeNumber) {
        visitedIn[piece] = mergeNumber;
        mergeIn(piece, pair, merged);
      }
    }
    for (Stats s : risen) {
      if (s.count > 0 && !s.excluded) {
        queue.add(new Entry(s.count, s.pair));
      }
    }
    risen.clear();
  }

  /**
   * Merges within one piece, in place. Around each occurrence {@code x a b y} becomes {@code x M
   * y}: pairs {@code (x,a)}, {@code (b,y)} lose one occurrence each, {@code (x,M)}, {@code (M,y)}
   * gain one. The count of the pair being merged is no longer kept.
   */
  private void mergeIn(int piece, Pair pair, int merged) {
    int[] s = symbols[piece];
    int n = lengths[piece];
    long c = counts[piece];
    int a = pair.left();
    int b = pair.right();
    int out = 0;
    int i = 0;
    while (i < n) {
      if (i + 1 < n && s[i] == a && s[i + 1] == b) {
        if (out > 0) {
          // s[out - 1] is already rewritten: after an earlier occurrence it is the merged token.
          add(s[out - 1], a, -c, piece);
          add(s[out - 1], merged, c, piece);
        }
        if (i + 2 < n) {
          add(b, s[i + 2], -c, piece);
          add(merged, s[i + 2], c, piece);
        }
        s[out++] = merged;
        i += 2;
      } else {
        s[out++] = s[i++];
      }
    }
    lengths[piece] = out;
  }

  private void add(int left, int right, long delta, int piece) {
    Pair key = new Pair(left, right);
    if (key.equals(merging)) {
      return;
    }
    Stats s = stats.computeIfAbsent(key, Stats::new);
    s.count += delta;
    if (delta > 0) {
      s.addPiece(piece);
      if (s.risenIn != mergeNumber) {
        s.risenIn = mergeNumber;
        risen.add(s);
      }
    }
  }
}
