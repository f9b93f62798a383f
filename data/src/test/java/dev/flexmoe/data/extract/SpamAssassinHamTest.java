package dev.flexmoe.data.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.data.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpamAssassinHamTest {

  private static final String HAM = "package/data/easy-ham-1/";

  @Test
  void keepsSubjectAndBodyWithoutQuotesSignatureOrAddresses() {
    MailMessage message = MailMessage.parse(Fixtures.bytes("mail/plain.eml")).orElseThrow();

    assertThat(SpamAssassinHam.post(message))
        .isEqualTo(
            """
            Re: [exmh] New Sequences Window

            For me it is very repeatable... (like every time, without fail).
            Mail [email] or [email] if it helps.

            Since the pick command works, the sequence does get created.""");
  }

  @Test
  void decodesQuotedPrintableCharsetsAndEncodedWordsAndCutsTheListFooter() {
    MailMessage message = MailMessage.parse(Fixtures.bytes("mail/multipart.eml")).orElseThrow();

    assertThat(SpamAssassinHam.post(message))
        .isEqualTo(
            "Café and the kernel\n\nThe café has a new kernel; compiling it took a long time.");
  }

  @Test
  void takesTheFirstPlainPartOfAMultipartMessageInBase64() {
    MailMessage message = MailMessage.parse(Fixtures.bytes("mail/base64.eml")).orElseThrow();

    assertThat(message.subject()).isEqualTo("Build fixed");
    assertThat(message.body()).isEqualTo("Grüße aus Köln: the build works now.\nSee you,\nJörg\n");
  }

  @Test
  void aMessageWithoutPlainTextIsNoPost() {
    assertThat(MailMessage.parse(Fixtures.bytes("mail/html-only.eml"))).isEmpty();
    assertThat(SpamAssassinHam.post(new MailMessage("News", "<html><body>Hi</body></html>")))
        .isEmpty();
  }

  @Test
  void listFootersAndOutlookQuotesEndTheBody() {
    String body =
        """
        Thanks, that fixed it.

        ------------------------ Yahoo! Groups Sponsor ---------------------~-->
        Buy now!

        To unsubscribe from this group, send an email to:
        forteana-unsubscribe@egroups.com
        """;
    assertThat(SpamAssassinHam.cleanBody(body)).isEqualTo("Thanks, that fixed it.");

    String outlook =
        "Yes.\n\n-----Original Message-----\nFrom: someone\nSubject: old\n\nold text\n";
    assertThat(SpamAssassinHam.cleanBody(outlook)).isEqualTo("Yes.");

    String sourceforge =
        "Patch attached.\n\n-------------------------------------------------------\n"
            + "This sf.net email is sponsored by:ThinkGeek\nWelcome to geek heaven.\n";
    assertThat(SpamAssassinHam.cleanBody(sourceforge)).isEqualTo("Patch attached.");
  }

  @Test
  void scrubsEveryAddressForm() {
    assertThat(
            SpamAssassinHam.scrubEmails(
                "<mailto:exmh-workers-request@redhat.com?subject=help> zzzz@localhost"
                    + " cwg-dated-1030377287.06fa6d@DeepEddy.Com"))
        .isEqualTo("<mailto:[email]?subject=help> [email] [email]");
  }

  @Test
  void readsHamFoldersOnlyNeverSpam() {
    String id = ".7c53336b37003a9286aba55d2945844c";
    assertThat(SpamAssassinHam.wanted(HAM + "00001" + id + ".txt")).isTrue();
    assertThat(SpamAssassinHam.wanted("package/data/hard-ham-1/00001" + id + ".txt")).isTrue();
    assertThat(SpamAssassinHam.wanted("package/data/spam-1/00001" + id + ".txt")).isFalse();
    assertThat(SpamAssassinHam.wanted("package/data/spam-2/00001" + id + ".txt")).isFalse();
    assertThat(SpamAssassinHam.wanted(HAM + "00001" + id + ".json")).isFalse();
  }

  @Test
  void eachMessageWithAPlainBodyIsOneDocumentInFileOrder() {
    var files =
        Fixtures.files(
            Fixtures.NPM_PACKAGE,
            Map.of(
                HAM + "00002.00000000000000000000000000000002.txt",
                "mail/multipart.eml",
                HAM + "00001.00000000000000000000000000000001.txt",
                "mail/plain.eml",
                HAM + "00003.00000000000000000000000000000003.txt",
                "mail/html-only.eml",
                "package/data/spam-1/00001.00000000000000000000000000000001.txt",
                "mail/base64.eml"));

    var documents = SpamAssassinHam.documents(files);

    assertThat(documents).hasSize(2);
    assertThat(documents.get(0)).startsWith("Re: [exmh]");
    assertThat(documents.get(1)).startsWith("Café");
  }
}
