package dev.flexmoe.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import dev.flexmoe.archrules.PackageCycles;
import dev.flexmoe.archrules.ProductionClasses;
import dev.flexmoe.bench.fixture.ModelBenchmarkWithABroker;
import dev.flexmoe.bench.fixture.RunsTheReproduction;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks' boundaries: they measure libs/model in process and the registry from outside, as
 * a client over HTTP and Kafka; they never use the reproduction, the command line or a service's
 * classes. Only the registry benchmark ({@code dev.flexmoe.bench.registry}) runs the embedded
 * broker and database.
 */
class ArchitectureTest {

  static final ArchRule NO_REPRODUCTION_CLI_OR_SERVICE_CODE =
      noClasses()
          .that()
          .resideInAPackage("dev.flexmoe.bench..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.flexmoe.reproduce..",
              "dev.flexmoe.cli..",
              "dev.flexmoe.infra..",
              "dev.flexmoe.registry..")
          .because(
              "a benchmark measures libs/model or a service from outside; the reproduction is not a"
                  + " benchmark");

  static final ArchRule MODEL_BENCHMARKS_NEED_NO_INFRASTRUCTURE =
      noClasses()
          .that()
          .resideInAPackage("dev.flexmoe.bench..")
          .and()
          .resideOutsideOfPackage("dev.flexmoe.bench.registry..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.flexmoe.testkit..", "org.apache.kafka..", "io.quarkus..")
          .because("the model benchmarks run in process, without a broker or a database");

  @Test
  void theProductionClassesFollowEveryRule() {
    CompositeArchRule.of(NO_REPRODUCTION_CLI_OR_SERVICE_CODE)
        .and(MODEL_BENCHMARKS_NEED_NO_INFRASTRUCTURE)
        .and(PackageCycles.none())
        .check(ProductionClasses.in("dev.flexmoe.bench"));
  }

  @Test
  void eachRuleCatchesItsPlantedViolation() {
    JavaClasses violators =
        new ClassFileImporter()
            .importClasses(RunsTheReproduction.class, ModelBenchmarkWithABroker.class);

    assertThatThrownBy(() -> NO_REPRODUCTION_CLI_OR_SERVICE_CODE.check(violators))
        .hasMessageContaining("RunsTheReproduction")
        .hasMessageContaining("StandInPipeline");
    assertThatThrownBy(() -> MODEL_BENCHMARKS_NEED_NO_INFRASTRUCTURE.check(violators))
        .hasMessageContaining("ModelBenchmarkWithABroker")
        .hasMessageContaining("EmbeddedKafka");
  }
}
