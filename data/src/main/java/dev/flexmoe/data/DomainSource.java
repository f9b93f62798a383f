package dev.flexmoe.data;

import dev.flexmoe.data.fetch.PackageFiles;
import dev.flexmoe.data.fetch.SourcePackage;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One package of a domain: which of its files to read, and how they become documents (in the
 * source's natural order).
 */
public record DomainSource(
    SourcePackage pkg, Predicate<String> wanted, Function<PackageFiles, List<String>> extractor) {

  /** The files to read from the artifact: the wanted ones and the license files. */
  public Predicate<String> filesToRead() {
    return path -> wanted.test(path) || pkg.licenseFiles().contains(path);
  }
}
