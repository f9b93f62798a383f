package dev.flexmoe.data.extract;

import dev.flexmoe.data.fetch.PackageFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Maxima manual in GNU Info format (Debian {@code maxima-doc}: {@code
 * usr/share/info/maxima*.gz}). Info files are nodes separated by {@code \x1f}, each opening with a
 * {@code File: ..., Node: ..., Next: ...} header line; the file's preamble, its indirect table and
 * tag table, and the generated index nodes are not text. Each node becomes one document, without
 * its header line.
 */
public final class MaximaInfo {

  private static final Pattern FILE = Pattern.compile("usr/share/info/maxima[^/]*\\.gz");
  private static final Pattern NODE_HEADER =
      Pattern.compile("^File: [^,]+,\\s+Node: ([^,\\n]+).*$", Pattern.MULTILINE);
  private static final char SEPARATOR = '\u001f';

  private MaximaInfo() {}

  public static boolean wanted(String path) {
    return FILE.matcher(path).matches();
  }

  /** The nodes of every file, files in path order (maxima.info-1.gz, -2, -3, maxima.info.gz). */
  public static List<String> documents(PackageFiles files) {
    List<String> documents = new ArrayList<>();
    for (String path : files.paths(MaximaInfo::wanted)) {
      documents.addAll(nodes(files.gunzippedText(path)));
    }
    return documents;
  }

  public static List<String> nodes(String info) {
    List<String> nodes = new ArrayList<>();
    String[] parts = info.split(String.valueOf(SEPARATOR), -1);
    // parts[0] is the file's preamble ("This is maxima.info, produced by makeinfo ...").
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i].stripLeading();
      Matcher header = NODE_HEADER.matcher(part);
      if (!header.lookingAt()) {
        continue; // "Indirect:", "Tag Table:", "End Tag Table", "Local Variables:"
      }
      if (header.group(1).strip().endsWith("Index")) {
        continue; // a generated index: "* name: node. (line N)" entries
      }
      String text = Texts.normalize(part.substring(header.end()));
      if (!text.isEmpty()) {
        nodes.add(text);
      }
    }
    return nodes;
  }
}
