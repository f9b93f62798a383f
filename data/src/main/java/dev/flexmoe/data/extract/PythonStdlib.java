package dev.flexmoe.data.extract;

import dev.flexmoe.data.fetch.PackageFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Python's standard library as Debian ships it ({@code libpython3.11-stdlib} and {@code -minimal}):
 * every {@code .py} file under {@code usr/lib/python3.11/}, except test suites. Each file is one
 * document.
 */
public final class PythonStdlib {

  private static final String ROOT = "usr/lib/python3.11/";
  private static final Set<String> TEST_DIRECTORIES = Set.of("test", "tests", "idle_test");

  private PythonStdlib() {}

  public static boolean wanted(String path) {
    if (!path.startsWith(ROOT) || !path.endsWith(".py")) {
      return false;
    }
    String[] parts = path.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      if (TEST_DIRECTORIES.contains(parts[i])) {
        return false;
      }
    }
    return true;
  }

  /** One document per file, in path order. */
  public static List<String> documents(PackageFiles files) {
    List<String> documents = new ArrayList<>();
    for (String path : files.paths(PythonStdlib::wanted)) {
      documents.add(Texts.normalize(files.text(path)));
    }
    return documents;
  }
}
