package dev.flexmoe.archrules;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/** No two flexmoe packages depend on each other, directly or through others. */
public final class PackageCycles {

  private PackageCycles() {}

  /**
   * Every package is its own slice, so a cycle between two sub-packages of a service is caught as
   * well as one between modules. A module without sub-packages passes trivially.
   */
  public static ArchRule none() {
    return slices()
        .matching("dev.flexmoe.(**)")
        .should()
        .beFreeOfCycles()
        .allowEmptyShould(true)
        .because("dependencies point one way, so a package can be read without its dependents");
  }
}
