package dev.flexmoe.data.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.data.Fixtures;
import dev.flexmoe.data.fetch.PackageFiles;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonStdlibTest {

  @Test
  void modulesAreReadButNotTestSuitesOrOtherFiles() {
    assertThat(PythonStdlib.wanted("usr/lib/python3.11/json/decoder.py")).isTrue();
    assertThat(PythonStdlib.wanted("usr/lib/python3.11/unittest/case.py")).isTrue();
    assertThat(PythonStdlib.wanted("usr/lib/python3.11/test/test_json.py")).isFalse();
    assertThat(PythonStdlib.wanted("usr/lib/python3.11/lib2to3/tests/data/bom.py")).isFalse();
    assertThat(PythonStdlib.wanted("usr/lib/python3.11/idlelib/idle_test/htest.py")).isFalse();
    assertThat(PythonStdlib.wanted("usr/lib/python3.11/LICENSE.txt")).isFalse();
    assertThat(PythonStdlib.wanted("usr/share/doc/python3.11/example.py")).isFalse();
  }

  @Test
  void eachFileIsOneDocumentInPathOrder() {
    PackageFiles files =
        new PackageFiles(
            Fixtures.DEBIAN_PACKAGE,
            Map.of(
                "usr/lib/python3.11/os.py", utf8("import abc\r\n\fimport sys  \n"),
                "usr/lib/python3.11/abc.py",
                    utf8("\n\nclass ABC:\n    pass\n\n\n\n\ndef f():\n    pass\n")));

    assertThat(PythonStdlib.documents(files))
        .containsExactly("class ABC:\n    pass\n\n\ndef f():\n    pass", "import abc\nimport sys");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
