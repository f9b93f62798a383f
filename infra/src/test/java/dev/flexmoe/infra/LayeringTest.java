package dev.flexmoe.infra;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.flexmoe.archrules.PackageCycles;
import dev.flexmoe.archrules.ProductionClasses;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md, "Dependencies", checked on the compiled classes on this
 * classpath: libraries never depend on services (or the command line, benchmarks, infra), and
 * {@code libs/model} has no Quarkus or Kafka dependency. The Maven enforcer rule in {@code
 * libs/pom.xml} checks the same for the resolved dependency graph.
 */
class LayeringTest {

  static final String[] LIBRARIES = {
    "dev.flexmoe.events..",
    "dev.flexmoe.testkit..",
    "dev.flexmoe.model..",
    "dev.flexmoe.archrules.."
  };

  static final ArchRule LIBRARIES_DEPEND_ONLY_ON_LIBRARIES =
      noClasses()
          .that()
          .resideInAnyPackage(LIBRARIES)
          .should()
          .dependOnClassesThat(outsideTheLibraries())
          .because("a library depends only on other libraries (docs/architecture.md)");

  static final ArchRule MODEL_IS_PURE =
      noClasses()
          .that()
          .resideInAPackage("dev.flexmoe.model..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.quarkus..",
              "io.smallrye..",
              "org.apache.kafka..",
              "jakarta.enterprise..",
              "jakarta.ws.rs..")
          .because("libs/model is plain model math: no Quarkus, no Kafka (docs/architecture.md)");

  private static DescribedPredicate<JavaClass> outsideTheLibraries() {
    return DescribedPredicate.describe(
        "are flexmoe classes outside the libraries",
        javaClass ->
            javaClass.getPackageName().startsWith("dev.flexmoe")
                && !javaClass.getPackageName().startsWith("dev.flexmoe.events")
                && !javaClass.getPackageName().startsWith("dev.flexmoe.testkit")
                && !javaClass.getPackageName().startsWith("dev.flexmoe.model")
                && !javaClass.getPackageName().startsWith("dev.flexmoe.archrules"));
  }

  private static JavaClasses productionClasses() {
    return ProductionClasses.in("dev.flexmoe");
  }

  @Test
  void librariesDependOnlyOnLibraries() {
    LIBRARIES_DEPEND_ONLY_ON_LIBRARIES.check(productionClasses());
  }

  @Test
  void modelHasNoQuarkusOrKafka() {
    MODEL_IS_PURE.check(productionClasses());
  }

  @Test
  void noPackageCyclesAcrossTheModules() {
    PackageCycles.none().check(productionClasses());
  }

  @Test
  void theRulesCatchAViolation() {
    JavaClasses violators =
        new ClassFileImporter()
            .importClasses(
                dev.flexmoe.events.fixture.UsesTheLauncher.class,
                dev.flexmoe.model.fixture.UsesKafka.class);

    assertThatThrownBy(() -> LIBRARIES_DEPEND_ONLY_ON_LIBRARIES.check(violators))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("UsesTheLauncher");
    assertThatThrownBy(() -> MODEL_IS_PURE.check(violators))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("UsesKafka");
  }
}
