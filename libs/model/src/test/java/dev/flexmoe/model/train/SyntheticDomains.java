package dev.flexmoe.model.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Token streams with different, learnable structure: each domain is a noisy deterministic walk over
 * its own part of the vocabulary; the public stream mixes short stretches of every domain with
 * random tokens.
 */
final class SyntheticDomains {

  static final int VOCAB = 97;

  private SyntheticDomains() {}

  /** Domain 0 walks over tokens 0..39, domain 1 over 40..79, each with its own rule. */
  static int[] domain(int domain, int length, long seed) {
    Random random = new Random(seed);
    int[] tokens = new int[length];
    int state = random.nextInt(40);
    for (int i = 0; i < length; i++) {
      state = random.nextInt(10) == 0 ? random.nextInt(40) : step(domain, state);
      tokens[i] = domain * 40 + state;
    }
    return tokens;
  }

  private static int step(int domain, int state) {
    return domain == 0 ? (3 * state + 1) % 40 : (7 * state + 3) % 40;
  }

  static int[] publicStream(int length, long seed) {
    Random random = new Random(seed);
    int[] tokens = new int[length];
    int i = 0;
    while (i < length) {
      int stretch = Math.min(length - i, 8 + random.nextInt(8));
      if (random.nextInt(3) == 0) {
        for (int j = 0; j < stretch; j++) {
          tokens[i + j] = random.nextInt(VOCAB);
        }
      } else {
        System.arraycopy(
            domain(random.nextInt(2), stretch, random.nextLong()), 0, tokens, i, stretch);
      }
      i += stretch;
    }
    return tokens;
  }

  static List<int[]> documents(int[] stream, int documentLength) {
    List<int[]> documents = new ArrayList<>();
    for (int start = 0; start + documentLength <= stream.length; start += documentLength) {
      int[] document = new int[documentLength];
      System.arraycopy(stream, start, document, 0, documentLength);
      documents.add(document);
    }
    return documents;
  }
}
