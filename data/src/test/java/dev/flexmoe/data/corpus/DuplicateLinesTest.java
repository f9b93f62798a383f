package dev.flexmoe.data.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DuplicateLinesTest {

  @Test
  void keepsBlankAndShortLinesAndComparesIndentationExactly() {
    DuplicateLines duplicates = new DuplicateLines(20);

    String first =
        duplicates.removeFrom(
            "def f(self, other):\n    return None\n\n        raise NotImplementedError");
    String second =
        duplicates.removeFrom(
            "def g(self, other):\n    return None\n\n        raise NotImplementedError\n    raise NotImplementedError");

    assertThat(first)
        .isEqualTo("def f(self, other):\n    return None\n\n        raise NotImplementedError");
    assertThat(second)
        .isEqualTo("def g(self, other):\n    return None\n\n    raise NotImplementedError");
    assertThat(duplicates.removedLines()).isEqualTo(1);
    assertThat(duplicates.removedBytes()).isEqualTo("        raise NotImplementedError\n".length());
  }
}
