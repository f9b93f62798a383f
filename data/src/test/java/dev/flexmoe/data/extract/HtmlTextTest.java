package dev.flexmoe.data.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class HtmlTextTest {

  @Test
  void collapsesWhitespaceOutsidePreAndSeparatesBlocks() {
    String html =
        "<body><h1>Title  of\n the page</h1><p>One <b>bold</b>\n\t word.</p>"
            + "<ul><li>first</li><li><p>second</p></li></ul>"
            + "<pre>  indented\n    more</pre><table><tr><td>a</td><td>b</td></tr></table></body>";

    assertThat(HtmlText.of(Jsoup.parse(html).body()))
        .isEqualTo(
            "Title of the page\n\nOne bold word.\n\n- first\n\n- second\n\n  indented\n    more\n\na b");
  }
}
