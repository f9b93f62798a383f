package dev.flexmoe.data.extract;

import dev.flexmoe.data.fetch.PackageFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Debian Reference (Debian {@code debian-reference-en}), its plain-text edition {@code
 * usr/share/debian-reference/debian-reference.en.txt.gz}. Headings stand flush left between blank
 * lines ({@code Chapter 2. Debian package management}, {@code 2.1. Debian package management
 * prerequisites}); each chapter introduction and each numbered section (with its subsections)
 * becomes one document. The title page and tables of contents before the preface are left out.
 */
public final class DebianReference {

  public static final String TEXT = "usr/share/debian-reference/debian-reference.en.txt.gz";

  private static final Pattern HEADING =
      Pattern.compile(
          "^(?:Preface|Chapter \\d+\\. .+|Appendix [A-Z]\\. .+|[0-9A-Z]+\\.(?:\\d+\\.)? \\S.*)$");

  /** The text's indentation: four spaces under every heading. */
  private static final Pattern INDENT = Pattern.compile("(?m)^ {1,4}");

  private DebianReference() {}

  public static boolean wanted(String path) {
    return path.equals(TEXT);
  }

  public static List<String> documents(PackageFiles files) {
    return sections(files.gunzippedText(TEXT));
  }

  public static List<String> sections(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      lines[i] = withoutNoBreakSpaces(lines[i]);
    }
    List<String> sections = new ArrayList<>();
    StringBuilder section = null;
    for (int i = 0; i < lines.length; i++) {
      if (isHeading(lines, i)) {
        // A heading directly followed by a deeper one (a chapter with no introduction) joins it.
        boolean headingOnly = section != null && !section.toString().strip().contains("\n");
        if (!headingOnly) {
          add(sections, section);
          section = new StringBuilder();
        }
      }
      if (section != null) {
        section.append(lines[i]).append('\n');
      }
    }
    add(sections, section);
    return sections;
  }

  /**
   * The text edition renders some indents as no-break spaces between the indent's spaces (and uses
   * one between a section number and its title): the former are dropped, the latter become spaces.
   */
  static String withoutNoBreakSpaces(String line) {
    int indent = 0;
    while (indent < line.length()
        && (line.charAt(indent) == ' ' || line.charAt(indent) == '\u00a0')) {
      indent++;
    }
    return line.substring(0, indent).replace("\u00a0", "")
        + line.substring(indent).replace('\u00a0', ' ');
  }

  private static boolean isHeading(String[] lines, int i) {
    return HEADING.matcher(lines[i]).matches()
        && i > 0
        && lines[i - 1].isBlank()
        && i + 1 < lines.length
        && lines[i + 1].isBlank();
  }

  private static void add(List<String> sections, StringBuilder section) {
    if (section != null) {
      String text = Texts.normalize(INDENT.matcher(section.toString()).replaceAll(""));
      if (!text.isEmpty()) {
        sections.add(text);
      }
    }
  }
}
