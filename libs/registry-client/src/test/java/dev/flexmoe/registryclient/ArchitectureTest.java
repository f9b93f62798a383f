package dev.flexmoe.registryclient;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import dev.flexmoe.archrules.ProductionClasses;
import org.junit.jupiter.api.Test;

/**
 * The client is for every service that fetches artifacts, the inference service included, which has
 * no database and does not load the model library through it: so no persistence, no outbox, no DJL
 * here.
 */
class ArchitectureTest {

  @Test
  void needsNoDatabaseAndNoModelLibrary() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.flexmoe.model..",
            "dev.flexmoe.servicekit..",
            "jakarta.persistence..",
            "io.quarkus.hibernate..",
            "ai.djl..")
        .because("a service without a database or the model library must be able to use it")
        .check(ProductionClasses.in("dev.flexmoe.registryclient"));
  }
}
