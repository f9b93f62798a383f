package dev.flexmoe.reproduce;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.conditions.ArchPredicates.are;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import dev.flexmoe.archrules.PackageCycles;
import dev.flexmoe.archrules.ProductionClasses;
import dev.flexmoe.reproduce.fixture.CallsTheCommandLine;
import dev.flexmoe.reproduce.fixture.DrawsOutsideTheCharts;
import dev.flexmoe.reproduce.fixture.PublishesToKafka;
import org.junit.jupiter.api.Test;

/**
 * The reproduction's place in the build: it runs on {@code libs/model} alone (the command line runs
 * it, never the other way round), knows nothing of the services' frameworks, and keeps its drawing
 * in the chart classes so that everything else runs without a display.
 */
class ArchitectureTest {

  static final ArchRule ONLY_THE_MODEL_LIBRARY =
      noClasses()
          .that()
          .resideInAPackage("dev.flexmoe.reproduce..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("dev.flexmoe..")
                  .and(resideOutsideOfPackages("dev.flexmoe.reproduce..", "dev.flexmoe.model.."))
                  .as("are in another flexmoe module than libs/model"))
          .because(
              "the reproduction is a pipeline over libs/model; the command line depends on it");

  static final ArchRule NO_SERVICE_FRAMEWORKS =
      noClasses()
          .that()
          .resideInAPackage("dev.flexmoe.reproduce..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.quarkus..", "io.smallrye..", "org.apache.kafka..", "jakarta..")
          .because("the reproduction runs offline in one process: no Quarkus, Kafka or Jakarta EE");

  static final ArchRule ONLY_THE_CHARTS_DRAW =
      noClasses()
          .that()
          .resideInAPackage("dev.flexmoe.reproduce..")
          .and(are(DescribedPredicate.not(belongToAnyOf(Charts.class, ColourRamp.class))))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.awt..", "javax.imageio..", "org.jfree..")
          .because("the tables and the pipeline must run (and be tested) without AWT");

  @Test
  void theProductionClassesFollowEveryRule() {
    CompositeArchRule.of(ONLY_THE_MODEL_LIBRARY)
        .and(NO_SERVICE_FRAMEWORKS)
        .and(ONLY_THE_CHARTS_DRAW)
        .and(PackageCycles.none())
        .check(ProductionClasses.in("dev.flexmoe.reproduce"));
  }

  @Test
  void eachRuleCatchesItsPlantedViolation() {
    JavaClasses violators =
        new ClassFileImporter()
            .importClasses(
                CallsTheCommandLine.class, PublishesToKafka.class, DrawsOutsideTheCharts.class);

    assertCaught(ONLY_THE_MODEL_LIBRARY, violators, "CallsTheCommandLine", "StandInCommand");
    assertCaught(NO_SERVICE_FRAMEWORKS, violators, "PublishesToKafka", "ProducerRecord");
    assertCaught(ONLY_THE_CHARTS_DRAW, violators, "DrawsOutsideTheCharts", "java.awt.Color");
  }

  private static void assertCaught(
      ArchRule rule, JavaClasses violators, String violator, String dependency) {
    assertThatThrownBy(() -> rule.check(violators))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(violator)
        .hasMessageContaining(dependency);
  }
}
