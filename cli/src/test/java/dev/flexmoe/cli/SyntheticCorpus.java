package dev.flexmoe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;

/**
 * Two domains a micro model tells apart within a few steps, and a public mix of both with plain
 * English: arithmetic lines ("17 + 25 = 42") and lowercase prose about a small world.
 */
final class SyntheticCorpus {

  private static final List<String> SUBJECTS =
      List.of("the cat", "a farmer", "the old river", "my sister", "the baker", "a small bird");
  private static final List<String> VERBS =
      List.of("walks past", "looks at", "sings near", "waits by", "follows", "paints");
  private static final List<String> OBJECTS =
      List.of("the green hill", "a quiet house", "the market", "an apple tree", "the bridge");

  private SyntheticCorpus() {}

  static String arithmetic(int lines, long seed) {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      int a = random.nextInt(100);
      int b = random.nextInt(100);
      switch (random.nextInt(3)) {
        case 0 -> text.append(a).append(" + ").append(b).append(" = ").append(a + b);
        case 1 -> text.append(a).append(" - ").append(b).append(" = ").append(a - b);
        default ->
            text.append(a % 13)
                .append(" * ")
                .append(b % 13)
                .append(" = ")
                .append((a % 13) * (b % 13));
      }
      text.append('\n');
    }
    return text.toString();
  }

  static String prose(int sentences, long seed) {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < sentences; i++) {
      text.append(SUBJECTS.get(random.nextInt(SUBJECTS.size())))
          .append(' ')
          .append(VERBS.get(random.nextInt(VERBS.size())))
          .append(' ')
          .append(OBJECTS.get(random.nextInt(OBJECTS.size())))
          .append(i % 4 == 3 ? ".\n" : ". ");
    }
    return text.toString();
  }

  /** Writes {@code documents} documents of {@code text(seed)} as a directory of .txt files. */
  static Path write(Path dir, int documents, LongFunction<String> text) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < documents; i++) {
      Files.writeString(dir.resolve(String.format("doc-%03d.txt", i)), text.apply(i));
    }
    return dir;
  }
}
