package dev.flexmoe.data.extract;

import dev.flexmoe.data.fetch.PackageFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mailing-list posts of 2002: the SpamAssassin public corpus as npm's {@code
 * datasets-spam-assassin} of the stdlib project ships it, its ham folders only ({@code easy-ham-1},
 * {@code easy-ham-2}, {@code hard-ham-1}; never {@code spam-*}). Each message with a plain-text
 * body becomes one document, its subject line then its body, without quoted lines, signature, list
 * footer or any e-mail address.
 */
public final class SpamAssassinHam {

  private static final Pattern HAM_FILE =
      Pattern.compile("package/data/(?:easy|hard)-ham-\\d+/\\d{5}\\.[0-9a-f]{32}\\.txt");

  /** What stands in for every e-mail address. */
  public static final String EMAIL_TOKEN = "[email]";

  /** An address as mail of the time writes it, including local ones ({@code user@localhost}). */
  public static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+=-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*");

  private static final Pattern QUOTED = Pattern.compile("^\\s*>.*");
  private static final Pattern ATTRIBUTION = Pattern.compile(".*\\b(?:wrote|writes|said):\\s*$");
  private static final Pattern SIGNATURE = Pattern.compile("^--\\s*$");

  /** The first line of a footer that a list server or a mail client adds below the message. */
  private static final Pattern FOOTER =
      Pattern.compile(
          "^(?:_{20,}\\s*"
              + "|-+ ?Yahoo! Groups Sponsor.*"
              + "|This sf\\.net email is sponsored by.*"
              + "|To unsubscribe from this group, send an email to:.*"
              + "|You have received this message because you subscribed to it.*"
              + "|https?://\\S+/listinfo/\\S+\\s*"
              + "|-{3,} ?Original Message ?-{3,}.*)$");

  /** Markup that shows a "plain" body to be an HTML newsletter rather than a post. */
  private static final Pattern HTML_DOCUMENT = Pattern.compile("(?i)<(?:html|body)\\b");

  private static final Pattern HTML_TAG =
      Pattern.compile("(?i)</?(?:a|b|br|p|font|table|tr|td|div|img|span)\\b[^>]*>");

  private static final int MAX_HTML_TAGS = 10;

  /** A line of separator characters only, left at the end once a footer is cut. */
  private static final Pattern RULE = Pattern.compile("^[-_=*~+#\\s]+$");

  private SpamAssassinHam() {}

  public static boolean wanted(String path) {
    return HAM_FILE.matcher(path).matches();
  }

  /** One document per message that has a plain-text body, in folder and file-name order. */
  public static List<String> documents(PackageFiles files) {
    List<String> documents = new ArrayList<>();
    for (String path : files.paths(SpamAssassinHam::wanted)) {
      Optional<MailMessage> message = MailMessage.parse(files.bytes(path));
      message.map(SpamAssassinHam::post).filter(post -> !post.isEmpty()).ifPresent(documents::add);
    }
    return documents;
  }

  /**
   * The subject, a blank line and the cleaned body; empty if nothing of the body is left, or if the
   * body is HTML sent as text/plain.
   */
  public static String post(MailMessage message) {
    if (isHtml(message.body())) {
      return "";
    }
    String body = cleanBody(message.body());
    if (body.isEmpty()) {
      return "";
    }
    String subject = scrubEmails(message.subject().replaceAll("\\s+", " ").strip());
    return Texts.normalize(subject.isEmpty() ? body : subject + "\n\n" + body);
  }

  static String cleanBody(String body) {
    List<String> kept = new ArrayList<>();
    for (String line : Texts.normalize(body).split("\n", -1)) {
      if (SIGNATURE.matcher(line).matches() || FOOTER.matcher(line).matches()) {
        break;
      }
      if (QUOTED.matcher(line).matches()) {
        dropAttribution(kept);
        continue;
      }
      kept.add(line);
    }
    while (!kept.isEmpty()
        && (kept.get(kept.size() - 1).isBlank()
            || RULE.matcher(kept.get(kept.size() - 1)).matches())) {
      kept.remove(kept.size() - 1);
    }
    return Texts.normalize(scrubEmails(String.join("\n", kept)));
  }

  /** Removes the "X wrote:" line that introduced a quotation (blank lines between are kept). */
  private static void dropAttribution(List<String> kept) {
    for (int i = kept.size() - 1; i >= 0; i--) {
      if (!kept.get(i).isBlank()) {
        if (ATTRIBUTION.matcher(kept.get(i)).matches()) {
          kept.remove(i);
        }
        return;
      }
    }
  }

  static boolean isHtml(String body) {
    return HTML_DOCUMENT.matcher(body).find()
        || HTML_TAG.matcher(body).results().count() > MAX_HTML_TAGS;
  }

  public static String scrubEmails(String text) {
    return EMAIL.matcher(text).replaceAll(EMAIL_TOKEN);
  }
}
