package dev.flexmoe.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plain-text output: aligned tables and short numbers. */
final class TextTable {

  private final List<String[]> rows = new ArrayList<>();
  private final boolean[] numeric;

  /**
   * @param header column titles; a title starting with {@code '>'} marks a right-aligned (numeric)
   *     column, the marker itself is not printed
   */
  TextTable(String... header) {
    numeric = new boolean[header.length];
    String[] titles = new String[header.length];
    for (int i = 0; i < header.length; i++) {
      numeric[i] = header[i].startsWith(">");
      titles[i] = numeric[i] ? header[i].substring(1) : header[i];
    }
    rows.add(titles);
  }

  TextTable row(Object... cells) {
    if (cells.length != numeric.length) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells in a table of " + numeric.length + " columns");
    }
    String[] text = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      text[i] = String.valueOf(cells[i]);
    }
    rows.add(text);
    return this;
  }

  /** Prints the table, each line indented by {@code indent} spaces. */
  void print(PrintWriter out, int indent) {
    int[] widths = new int[numeric.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(" ".repeat(indent));
      for (int i = 0; i < row.length; i++) {
        String pad = " ".repeat(widths[i] - row[i].length());
        line.append(i == 0 ? "" : "  ").append(numeric[i] ? pad + row[i] : row[i] + pad);
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** A count in three significant digits: 950, 12.3k, 4.56M, 7.30B. */
  static String compact(double value) {
    double magnitude = Math.abs(value);
    if (magnitude < 1_000) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    String[] units = {"k", "M", "B", "T"};
    int unit = -1;
    while (magnitude >= 999.5 && unit < units.length - 1) {
      magnitude /= 1_000;
      value /= 1_000;
      unit++;
    }
    String digits = magnitude < 9.995 ? "%.2f" : magnitude < 99.95 ? "%.1f" : "%.0f";
    return String.format(Locale.ROOT, digits, value) + units[unit];
  }
}
