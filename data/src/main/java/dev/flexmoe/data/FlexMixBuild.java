package dev.flexmoe.data;

import dev.flexmoe.data.corpus.DomainSplit;
import dev.flexmoe.data.extract.Texts;
import dev.flexmoe.data.fetch.PackageFiles;
import dev.flexmoe.data.fetch.SourcePackage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Builds FlexMix-lite domains into a directory: reads each domain's packages, extracts its
 * documents, splits and caps them ({@link DomainSplit}) and writes them with their manifest and
 * licenses ({@link FlexMixOutput}). Nothing depends on the clock or on iteration order of hashed
 * collections, so a rebuild from the same packages gives the same bytes.
 */
public final class FlexMixBuild {

  /** Where package files come from: the verified artifacts, or fixtures in tests. */
  @FunctionalInterface
  public interface Sources {
    PackageFiles read(SourcePackage pkg, Predicate<String> wanted) throws IOException;
  }

  /**
   * @param trainCap training text per domain, in UTF-8 bytes
   * @param validationCap validation text per domain, in UTF-8 bytes
   * @param gzip write {@code .jsonl.gz} instead of {@code .jsonl}
   * @param minDuplicateLineChars shorter lines are never removed as duplicates
   */
  public record Settings(
      long trainCap, long validationCap, boolean gzip, int minDuplicateLineChars) {

    public static final long FULL_TRAIN_CAP = 4L << 20;
    public static final long FULL_VALIDATION_CAP = 400L << 10;
    public static final long SAMPLE_TRAIN_CAP = 900L << 10;
    public static final long SAMPLE_VALIDATION_CAP = 100L << 10;
    public static final int MIN_DUPLICATE_LINE_CHARS = 20;
  }

  /** What was built for one domain. */
  public record DomainReport(
      String domain,
      int trainDocuments,
      long trainBytes,
      int validationDocuments,
      long validationBytes) {}

  private final Sources sources;
  private final Settings settings;

  public FlexMixBuild(Sources sources, Settings settings) {
    this.sources = sources;
    this.settings = settings;
  }

  /** Builds {@code domains} into {@code out}, then the directory's README and attributions. */
  public List<DomainReport> build(List<Domain> domains, Path out) throws IOException {
    FlexMixOutput output = new FlexMixOutput(out, settings);
    List<DomainReport> reports = new ArrayList<>();
    for (Domain domain : domains) {
      reports.add(build(domain, output));
    }
    // The summaries cover every domain in the directory, also those built by earlier runs.
    List<Domain> known = new ArrayList<>(FlexMix.domains());
    for (Domain domain : domains) {
      if (known.stream().noneMatch(other -> other.name().equals(domain.name()))) {
        known.add(domain);
      }
    }
    output.writeSummaries(known);
    return reports;
  }

  private DomainReport build(Domain domain, FlexMixOutput output) throws IOException {
    List<PackageFiles> packages = new ArrayList<>();
    List<String> documents = new ArrayList<>();
    for (DomainSource source : domain.sources()) {
      PackageFiles files = sources.read(source.pkg(), source.filesToRead());
      packages.add(files);
      for (String document : source.extractor().apply(files)) {
        String text = Texts.normalize(document);
        if (!text.isEmpty()) {
          documents.add(text);
        }
      }
    }
    if (documents.isEmpty()) {
      throw new IllegalStateException(
          domain.name() + ": no document extracted from " + domain.packages());
    }
    DomainSplit split =
        DomainSplit.of(
            documents,
            settings.trainCap(),
            settings.validationCap(),
            settings.minDuplicateLineChars());
    output.writeDomain(domain, packages, documents, split);
    return new DomainReport(
        domain.name(),
        split.train().size(),
        DomainSplit.bytes(split.train()),
        split.validation().size(),
        DomainSplit.bytes(split.validation()));
  }
}
