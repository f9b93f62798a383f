package dev.flexmoe.reproduce;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A table of already formatted cells, written as Markdown or as CSV. The first column is a label
 * (left-aligned in Markdown); the others hold numbers (right-aligned).
 */
final class Grid {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Grid(List<String> header) {
    this.header = List.copyOf(header);
  }

  Grid row(List<String> cells) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException(
          "a row of " + cells.size() + " cells in a table of " + header.size() + " columns");
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  /** A GitHub-flavoured Markdown table, one line per row, each ending in a newline. */
  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append(markdownLine(header));
    List<String> alignment = new ArrayList<>();
    alignment.add(":---");
    for (int column = 1; column < header.size(); column++) {
      alignment.add("---:");
    }
    out.append("|").append(String.join("|", alignment)).append("|\n");
    rows.forEach(row -> out.append(markdownLine(row)));
    return out.toString();
  }

  /** RFC 4180 CSV with a header line; lines end in {@code \n}. */
  String csv() {
    StringBuilder out = new StringBuilder();
    out.append(csvLine(header));
    rows.forEach(row -> out.append(csvLine(row)));
    return out.toString();
  }

  private static String markdownLine(List<String> cells) {
    // A pipe inside a cell would end the cell.
    return cells.stream()
        .map(cell -> cell.replace("|", "\\|"))
        .collect(Collectors.joining(" | ", "| ", " |\n"));
  }

  private static String csvLine(List<String> cells) {
    return cells.stream().map(Grid::csvField).collect(Collectors.joining(",", "", "\n"));
  }

  private static String csvField(String cell) {
    boolean quote =
        cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
    return quote ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
  }
}
