package dev.flexmoe.data.extract;

import dev.flexmoe.data.fetch.PackageFiles;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The Debian Administrator's Handbook (Debian {@code debian-handbook}), its English HTML edition
 * ({@code usr/share/doc/debian-handbook/html/en-US/*.html}). Each page becomes one document, in
 * reading order (the pages' {@code <link rel="next">} chain from the table of contents, which
 * itself is navigation and left out); the site's banner, navigation bars and tables of contents go.
 */
public final class DebianHandbook {

  static final String DIRECTORY = "usr/share/doc/debian-handbook/html/en-US/";
  private static final String START = DIRECTORY + "index.html";
  private static final String NAVIGATION =
      "#banner, #title, .docnav, .toc, script, style, noscript";

  private DebianHandbook() {}

  public static boolean wanted(String path) {
    return path.startsWith(DIRECTORY)
        && path.endsWith(".html")
        && path.indexOf('/', DIRECTORY.length()) < 0;
  }

  public static List<String> documents(PackageFiles files) {
    List<String> documents = new ArrayList<>();
    for (String path : readingOrder(files)) {
      String text = pageText(files.text(path));
      if (!text.isEmpty()) {
        documents.add(text);
      }
    }
    return documents;
  }

  /** The next-link chain from the start page, then any page it missed, in path order. */
  static List<String> readingOrder(PackageFiles files) {
    Set<String> order = new LinkedHashSet<>();
    String page = files.contains(START) ? nextPage(files, START) : null;
    while (page != null && files.contains(page) && order.add(page)) {
      page = nextPage(files, page);
    }
    for (String path : files.paths(DebianHandbook::wanted)) {
      if (!path.equals(START)) {
        order.add(path);
      }
    }
    return List.copyOf(order);
  }

  private static String nextPage(PackageFiles files, String path) {
    Element next = Jsoup.parse(files.text(path)).selectFirst("link[rel=next][href]");
    if (next == null) {
      return null;
    }
    String href = next.attr("href");
    int fragment = href.indexOf('#');
    return DIRECTORY + (fragment < 0 ? href : href.substring(0, fragment));
  }

  public static String pageText(String html) {
    Document page = Jsoup.parse(html);
    page.select(NAVIGATION).remove();
    return HtmlText.of(page.body());
  }
}
