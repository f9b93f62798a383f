package dev.flexmoe.data.extract;

import dev.flexmoe.data.fetch.PackageFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The PARI/GP manuals' TeX sources (Debian {@code pari-doc}): {@code
 * usr/share/pari/doc/users*.tex}, {@code tutorial*.tex} and {@code develop.tex}. Each {@code
 * \chapter} or {@code \section} starts a document that runs to the next one; the markup stays (it
 * is what makes this domain academic), full-line {@code %} comments go.
 */
public final class PariTex {

  private static final Pattern FILE =
      Pattern.compile("usr/share/pari/doc/(?:users[^/]*|tutorial[^/]*|develop)\\.tex");
  private static final Pattern HEADING = Pattern.compile("^\\\\(?:chapter|section)\\b.*");
  private static final Pattern COMMENT_LINE = Pattern.compile("^\\s*%.*");

  private PariTex() {}

  public static boolean wanted(String path) {
    return FILE.matcher(path).matches();
  }

  /** The sections of every file, files in path order. */
  public static List<String> documents(PackageFiles files) {
    List<String> documents = new ArrayList<>();
    for (String path : files.paths(PariTex::wanted)) {
      documents.addAll(sections(files.text(path)));
    }
    return documents;
  }

  /** Text before the first heading is a document of its own if anything is left of it. */
  public static List<String> sections(String tex) {
    List<String> sections = new ArrayList<>();
    StringBuilder section = new StringBuilder();
    for (String line : tex.split("\n", -1)) {
      if (COMMENT_LINE.matcher(line).matches()) {
        continue;
      }
      if (HEADING.matcher(line).matches()) {
        add(sections, section);
      }
      section.append(line).append('\n');
    }
    add(sections, section);
    return sections;
  }

  private static void add(List<String> sections, StringBuilder section) {
    String text = Texts.normalize(section.toString());
    if (!text.isEmpty()) {
      sections.add(text);
    }
    section.setLength(0);
  }
}
