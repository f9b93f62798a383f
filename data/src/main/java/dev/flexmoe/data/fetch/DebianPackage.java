package dev.flexmoe.data.fetch;

import java.util.List;

/**
 * A Debian binary package, fetched as its {@code .deb}; paths inside are those of the installed
 * files, without the leading slash ({@code usr/share/...}).
 */
public record DebianPackage(
    String name, String version, String architecture, String sha256, List<String> licenseFiles)
    implements SourcePackage {

  public DebianPackage {
    licenseFiles = List.copyOf(licenseFiles);
  }

  @Override
  public String pin() {
    return name + "=" + version;
  }

  /** The name apt asks for: {@code libpython3.11-stdlib:amd64=3.11.2-6+deb12u8}. */
  String aptRequest() {
    return name + ":" + architecture + "=" + version;
  }

  @Override
  public String artifactFileName() {
    return name + "_" + version + "_" + architecture + ".deb";
  }

  @Override
  public String registry() {
    return "Debian";
  }
}
