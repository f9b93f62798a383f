package dev.flexmoe.reproduce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the reproduction's results into one directory, each table as Markdown, CSV and a PNG chart
 * under a fixed name: {@code table.*} (the comparison), {@code optout.*}, {@code k.*} and {@code
 * routing.*}; the paired differences as {@code differences.*} and {@code optout-differences.*}.
 * Existing files of the same name are replaced.
 */
public final class ResultsWriter {

  private final Path directory;

  /** Writes into {@code directory}, which is created when missing. */
  public ResultsWriter(Path directory) {
    this.directory = directory;
  }

  /** All four tables; the paths written, in the order of the arguments. */
  public List<Path> write(
      ComparisonTable comparison, OptOutTable optOut, TopKTable topK, RoutingTable routing)
      throws IOException {
    List<Path> written = new ArrayList<>();
    written.addAll(write(comparison));
    written.addAll(write(optOut));
    written.addAll(write(topK));
    written.addAll(write(routing));
    return written;
  }

  /**
   * {@code <name>.md} and {@code <name>.csv} of a difference table (no chart: the intervals read
   * best as numbers).
   */
  public List<Path> write(String name, DifferenceTable table) throws IOException {
    Files.createDirectories(directory);
    return List.of(
        Files.writeString(
            directory.resolve(name + ".md"),
            MarkdownTables.differences(table),
            StandardCharsets.UTF_8),
        Files.writeString(
            directory.resolve(name + ".csv"),
            CsvTables.differences(table),
            StandardCharsets.UTF_8));
  }

  /** {@code table.md}, {@code table.csv}, {@code table.png}. */
  public List<Path> write(ComparisonTable table) throws IOException {
    return write("table", table);
  }

  /** A comparison under another name: {@code <name>.md}, {@code .csv}, {@code .png}. */
  public List<Path> write(String name, ComparisonTable table) throws IOException {
    return files(
        name,
        MarkdownTables.comparison(table),
        CsvTables.comparison(table),
        png -> Charts.comparison(table, png));
  }

  /** {@code optout.md}, {@code optout.csv}, {@code optout.png}. */
  public List<Path> write(OptOutTable table) throws IOException {
    return files(
        "optout",
        MarkdownTables.optOut(table),
        CsvTables.optOut(table),
        png -> Charts.optOut(table, png));
  }

  /** {@code k.md}, {@code k.csv}, {@code k.png}. */
  public List<Path> write(TopKTable table) throws IOException {
    return files(
        "k", MarkdownTables.topK(table), CsvTables.topK(table), png -> Charts.topK(table, png));
  }

  /** {@code routing.md}, {@code routing.csv}, {@code routing.png}. */
  public List<Path> write(RoutingTable table) throws IOException {
    return files(
        "routing",
        MarkdownTables.routing(table),
        CsvTables.routing(table),
        png -> Charts.routing(table, png));
  }

  private List<Path> files(String name, String markdown, String csv, Chart chart)
      throws IOException {
    Files.createDirectories(directory);
    Path md = Files.writeString(directory.resolve(name + ".md"), markdown, StandardCharsets.UTF_8);
    Path csvFile = Files.writeString(directory.resolve(name + ".csv"), csv, StandardCharsets.UTF_8);
    Path png = directory.resolve(name + ".png");
    chart.draw(png);
    return List.of(md, csvFile, png);
  }

  private interface Chart {
    void draw(Path png) throws IOException;
  }
}
