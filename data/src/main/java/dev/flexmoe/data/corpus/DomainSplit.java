package dev.flexmoe.data.corpus;

import dev.flexmoe.data.extract.Texts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A domain's documents split into training and validation text, in this order:
 *
 * <ol>
 *   <li>split: every 10th document of the source's natural order (the 10th, 20th, ...) goes to
 *       validation, the rest to training, before anything is dropped, so that no capping or
 *       filtering can move a document from one side to the other;
 *   <li>duplicates: a line seen earlier in the domain, on either side, is removed ({@link
 *       DuplicateLines}), so a validation document never repeats a training line (or the other way
 *       round); documents left empty, or left equal to an earlier document, are dropped;
 *   <li>caps: each side is capped in UTF-8 bytes of text ({@link #cap}).
 * </ol>
 */
public record DomainSplit(
    List<String> train, List<String> validation, Totals beforeCap, DuplicateLines duplicates) {

  public static final int VALIDATION_EVERY = 10;

  /**
   * Documents and text bytes of each side after duplicate removal, before the caps, and the number
   * of documents dropped as duplicates of earlier ones.
   */
  public record Totals(
      int trainDocuments,
      long trainBytes,
      int validationDocuments,
      long validationBytes,
      int duplicateDocuments) {}

  public static DomainSplit of(
      List<String> documents, long trainCap, long validationCap, int minDuplicateLineChars) {
    DuplicateLines duplicates = new DuplicateLines(minDuplicateLineChars);
    Set<String> seen = new HashSet<>();
    List<String> train = new ArrayList<>();
    List<String> validation = new ArrayList<>();
    int duplicateDocuments = 0;
    for (int i = 0; i < documents.size(); i++) {
      String text = Texts.normalize(duplicates.removeFrom(documents.get(i)));
      if (text.isEmpty()) {
        continue;
      }
      // What is left of a document can equal an earlier one (a message posted twice, a text of
      // short lines only): it is dropped, so that no validation document is also a training one.
      if (!seen.add(text)) {
        duplicateDocuments++;
        continue;
      }
      (isValidation(i) ? validation : train).add(text);
    }
    Totals totals =
        new Totals(
            train.size(), bytes(train), validation.size(), bytes(validation), duplicateDocuments);
    return new DomainSplit(
        cap(train, trainCap), cap(validation, validationCap), totals, duplicates);
  }

  /** Whether the document at this 0-based position of the natural order is for validation. */
  public static boolean isValidation(int index) {
    return index % VALIDATION_EVERY == VALIDATION_EVERY - 1;
  }

  /**
   * At most {@code capBytes} of text, taken from across the whole list rather than from its head:
   * walking in order, a document is kept when the bytes kept so far plus its own stay within the
   * cap's share of the bytes walked so far. A capped domain thus still covers all of its source
   * (every era of speeches, every package of code) instead of its first files. Whole documents
   * only; the order is kept.
   */
  public static List<String> cap(List<String> documents, long capBytes) {
    long total = bytes(documents);
    if (total <= capBytes) {
      return List.copyOf(documents);
    }
    List<String> kept = new ArrayList<>();
    long keptBytes = 0;
    long walked = 0;
    for (String document : documents) {
      long size = Utf8.length(document);
      walked += size;
      // keptBytes + size <= capBytes * walked / total, in exact integer arithmetic.
      if (Math.multiplyExact(keptBytes + size, total) <= Math.multiplyExact(capBytes, walked)) {
        kept.add(document);
        keptBytes += size;
      }
    }
    return kept;
  }

  public static long bytes(List<String> documents) {
    long bytes = 0;
    for (String document : documents) {
      bytes += Utf8.length(document);
    }
    return bytes;
  }
}
