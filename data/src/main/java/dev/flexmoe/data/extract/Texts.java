package dev.flexmoe.data.extract;

import java.util.regex.Pattern;

/** The plain-text form every document is brought to, whatever its source. */
public final class Texts {

  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F]");
  private static final Pattern TRAILING_SPACE = Pattern.compile("[ \\t]+(?=\\n|$)");
  private static final Pattern BLANK_RUN = Pattern.compile("\\n{4,}");

  private Texts() {}

  /**
   * Unix line ends, no control characters but tab and newline, no trailing spaces, at most two
   * blank lines in a row (as PEP 8 puts between definitions), no blank lines at either end.
   */
  public static String normalize(String text) {
    String unix = text.replace("\r\n", "\n").replace('\r', '\n');
    String clean = TRAILING_SPACE.matcher(CONTROL.matcher(unix).replaceAll("")).replaceAll("");
    String collapsed = BLANK_RUN.matcher(clean).replaceAll("\n\n\n");
    int start = 0;
    while (start < collapsed.length() && collapsed.charAt(start) == '\n') {
      start++;
    }
    return collapsed.substring(start).stripTrailing();
  }
}
