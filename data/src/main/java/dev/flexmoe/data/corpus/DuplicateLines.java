package dev.flexmoe.data.corpus;

import java.util.HashSet;
import java.util.Set;

/**
 * Removes lines already seen earlier in the same domain, keeping the first occurrence: list
 * footers, license headers, navigation and boilerplate repeated across documents.
 *
 * <p>Lines are compared exactly (indentation included). Blank lines and lines shorter than {@code
 * minChars} (ignoring surrounding whitespace) are always kept: {@code else:}, {@code return None},
 * {@code Cheers,} are structure, not boilerplate, and removing their repeats would tear every
 * source file and letter apart.
 */
public final class DuplicateLines {

  private final int minChars;
  private final Set<String> seen = new HashSet<>();
  private long removedLines;
  private long removedBytes;

  public DuplicateLines(int minChars) {
    this.minChars = minChars;
  }

  /** The document without lines seen before (in this or an earlier document). */
  public String removeFrom(String document) {
    StringBuilder kept = new StringBuilder(document.length());
    for (String line : document.split("\n", -1)) {
      if (line.strip().length() >= minChars && !seen.add(line)) {
        removedLines++;
        removedBytes += Utf8.length(line) + 1;
        continue;
      }
      kept.append(line).append('\n');
    }
    return kept.substring(0, Math.max(0, kept.length() - 1));
  }

  public long removedLines() {
    return removedLines;
  }

  public long removedBytes() {
    return removedBytes;
  }
}
