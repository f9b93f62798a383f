package dev.flexmoe.servicekit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.flexmoe.archrules.PackageCycles;
import dev.flexmoe.archrules.ProductionClasses;
import org.junit.jupiter.api.Test;

/**
 * The kit's packages are named by what they do, never by a service layer's word: a service's layer
 * rules ({@link dev.flexmoe.archrules.ServiceLayers}) match those words, and the kit is used from
 * every layer.
 */
class ArchitectureTest {

  private static JavaClasses productionClasses() {
    return ProductionClasses.in("dev.flexmoe.servicekit");
  }

  @Test
  void noPackageIsNamedLikeAServiceLayer() {
    noClasses()
        .should()
        .resideInAnyPackage(
            "..api..",
            "..messaging..",
            "..health..",
            "..service..",
            "..security..",
            "..domain..",
            "..storage..")
        .because("the layer rules of the service that uses the kit would apply to it")
        .check(productionClasses());
  }

  @Test
  void noPackageCycles() {
    PackageCycles.none().check(productionClasses());
  }
}
