package dev.flexmoe.data.extract;

import dev.flexmoe.data.fetch.PackageFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Jane Austen's six novels (Debian {@code r-cran-janeaustenr}): the R data file {@code Rdata.rdb}
 * holds one character vector per novel, one element per printed line, blank elements between
 * paragraphs. Each chapter becomes one document, its paragraphs unwrapped to one line each; a novel
 * without recognizable chapters is cut into pieces of about 20 KB at paragraph boundaries.
 */
public final class JaneAusten {

  public static final String RDATA = "usr/lib/R/site-library/janeaustenr/data/Rdata.rdb";

  /** The chapter headings of these editions: CHAPTER I, Chapter 1 (janeaustenr's own rule). */
  private static final Pattern CHAPTER =
      Pattern.compile("^\\s*chapter\\s+(?:\\d+|[ivxlc]+)\\b.*", Pattern.CASE_INSENSITIVE);

  private static final Pattern VOLUME =
      Pattern.compile("^\\s*volume\\s+[ivx]+\\s*$", Pattern.CASE_INSENSITIVE);

  static final int PIECE_CHARS = 20_000;

  private JaneAusten() {}

  public static boolean wanted(String path) {
    return path.equals(RDATA);
  }

  /** Every chapter of every novel, novels in the order the database stores them (by name). */
  public static List<String> documents(PackageFiles files) {
    List<String> documents = new ArrayList<>();
    for (byte[] chunk : RdbChunks.read(files.bytes(RDATA))) {
      documents.addAll(chapters(XdrCharacterVector.decode(chunk)));
    }
    return documents;
  }

  /**
   * The chapters of one novel given as its lines; the front matter before the first chapter (title,
   * author) and volume headings are left out.
   */
  public static List<String> chapters(List<String> lines) {
    List<List<String>> chapters = new ArrayList<>();
    List<String> current = null;
    for (String line : lines) {
      String text = Objects.requireNonNullElse(line, "");
      if (CHAPTER.matcher(text).matches()) {
        current = new ArrayList<>();
        chapters.add(current);
      }
      if (current != null && !VOLUME.matcher(text).matches()) {
        current.add(text);
      }
    }
    if (chapters.isEmpty()) {
      return pieces(paragraphs(lines));
    }
    List<String> documents = new ArrayList<>();
    for (List<String> chapter : chapters) {
      String text = String.join("\n\n", paragraphs(chapter));
      if (!text.isEmpty()) {
        documents.add(text);
      }
    }
    return documents;
  }

  /** Blank-line-separated blocks of lines, each joined into one line. */
  static List<String> paragraphs(List<String> lines) {
    List<String> paragraphs = new ArrayList<>();
    StringBuilder paragraph = new StringBuilder();
    for (String line : lines) {
      String text = line == null ? "" : line.strip();
      if (text.isEmpty()) {
        if (!paragraph.isEmpty()) {
          paragraphs.add(paragraph.toString());
          paragraph.setLength(0);
        }
      } else {
        if (!paragraph.isEmpty()) {
          paragraph.append(' ');
        }
        paragraph.append(text);
      }
    }
    if (!paragraph.isEmpty()) {
      paragraphs.add(paragraph.toString());
    }
    return paragraphs;
  }

  /**
   * Consecutive paragraphs grouped into pieces of at least {@link #PIECE_CHARS} characters (the
   * last may be short).
   */
  static List<String> pieces(List<String> paragraphs) {
    List<String> pieces = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    for (String paragraph : paragraphs) {
      if (!piece.isEmpty()) {
        piece.append("\n\n");
      }
      piece.append(paragraph);
      if (piece.length() >= PIECE_CHARS) {
        pieces.add(piece.toString());
        piece.setLength(0);
      }
    }
    if (!piece.isEmpty()) {
      pieces.add(piece.toString());
    }
    return pieces;
  }
}
