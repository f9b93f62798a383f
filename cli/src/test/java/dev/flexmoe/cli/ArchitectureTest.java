package dev.flexmoe.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.flexmoe.archrules.PackageCycles;
import dev.flexmoe.archrules.ProductionClasses;
import dev.flexmoe.cli.fixture.CommandRunsABenchmark;
import org.junit.jupiter.api.Test;

/**
 * The command line is a thin layer over the model library and the reproduction: it works on files,
 * and reaches the policy service only over its REST API, never through the code of a service, the
 * benchmarks, the test kit, Quarkus or Kafka (docs/architecture.md, "Modules").
 */
class ArchitectureTest {

  static final ArchRule OFFLINE_OVER_THE_MODEL_LIBRARY =
      noClasses()
          .that()
          .resideInAPackage("dev.flexmoe.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.flexmoe.bench..",
              "dev.flexmoe.registry..",
              "dev.flexmoe.merge..",
              "dev.flexmoe.policy..",
              "dev.flexmoe.infra..",
              "dev.flexmoe.testkit..",
              "io.quarkus..",
              "org.apache.kafka..")
          .because(
              "flexmoe works on files through libs/model and the reproduction, and on services"
                  + " only through their HTTP APIs");

  private static JavaClasses productionClasses() {
    return ProductionClasses.in("dev.flexmoe.cli");
  }

  @Test
  void theCommandLineIsOfflineOverTheModelLibrary() {
    OFFLINE_OVER_THE_MODEL_LIBRARY.check(productionClasses());
  }

  @Test
  void noPackageCycles() {
    PackageCycles.none().check(productionClasses());
  }

  @Test
  void theRuleCatchesACommandThatRunsABenchmark() {
    assertThatThrownBy(
            () ->
                OFFLINE_OVER_THE_MODEL_LIBRARY.check(
                    new ClassFileImporter().importClasses(CommandRunsABenchmark.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("CommandRunsABenchmark")
        .hasMessageContaining("SomeBenchmark");
  }
}
