package dev.flexmoe.data.extract;

import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The readable text of an HTML element (parsed by jsoup): block elements become paragraphs
 * separated by a blank line, list items start with "- ", {@code <pre>} keeps its line breaks and
 * indentation, and whitespace elsewhere collapses as a browser renders it.
 */
public final class HtmlText implements NodeVisitor {

  private static final Set<String> BLOCKS =
      Set.of(
          "address",
          "article",
          "aside",
          "blockquote",
          "caption",
          "dd",
          "div",
          "dl",
          "dt",
          "figcaption",
          "figure",
          "footer",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "header",
          "hr",
          "li",
          "main",
          "nav",
          "ol",
          "p",
          "pre",
          "section",
          "table",
          "tr",
          "ul");

  private final StringBuilder out = new StringBuilder();
  private int preDepth;
  private boolean bulletPending;

  private HtmlText() {}

  public static String of(Element root) {
    HtmlText visitor = new HtmlText();
    NodeTraversor.traverse(visitor, root);
    return Texts.normalize(visitor.out.toString());
  }

  @Override
  public void head(Node node, int depth) {
    if (node instanceof TextNode text) {
      appendText(text.getWholeText());
    } else if (node instanceof Element element) {
      String tag = element.normalName();
      if (tag.equals("br")) {
        trimTrailingSpaces();
        out.append('\n');
      } else if (BLOCKS.contains(tag)) {
        paragraphBreak();
        // The bullet goes before the item's first text, which may sit in nested blocks.
        bulletPending |= tag.equals("li");
      } else if ((tag.equals("td") || tag.equals("th")) && !atLineStart()) {
        out.append(' ');
      }
      if (tag.equals("pre")) {
        preDepth++;
      }
    }
  }

  @Override
  public void tail(Node node, int depth) {
    if (node instanceof Element element) {
      String tag = element.normalName();
      if (tag.equals("pre")) {
        preDepth--;
      }
      if (BLOCKS.contains(tag)) {
        paragraphBreak();
      }
    }
  }

  private void appendText(String text) {
    String visible = preDepth > 0 ? text : text.replaceAll("\\s+", " ");
    if (preDepth == 0
        && visible.startsWith(" ")
        && (atLineStart() || out.charAt(out.length() - 1) == ' ')) {
      visible = visible.substring(1);
    }
    if (visible.isEmpty()) {
      return;
    }
    if (bulletPending) {
      out.append("- ");
      bulletPending = false;
    }
    out.append(visible);
  }

  private boolean atLineStart() {
    return out.isEmpty() || out.charAt(out.length() - 1) == '\n';
  }

  private void paragraphBreak() {
    trimTrailingSpaces();
    if (out.isEmpty()) {
      return;
    }
    if (out.charAt(out.length() - 1) != '\n') {
      out.append('\n');
    }
    if (out.length() < 2 || out.charAt(out.length() - 2) != '\n') {
      out.append('\n');
    }
  }

  private void trimTrailingSpaces() {
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) == ' ') {
      end--;
    }
    out.setLength(end);
  }
}
