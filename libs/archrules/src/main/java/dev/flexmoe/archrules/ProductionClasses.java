package dev.flexmoe.archrules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** What an architecture test checks: the compiled production classes of some packages. */
public final class ProductionClasses {

  private ProductionClasses() {}

  /** The classes of these packages and their sub-packages on the classpath, tests left out. */
  public static JavaClasses in(String... packages) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(packages);
  }
}
