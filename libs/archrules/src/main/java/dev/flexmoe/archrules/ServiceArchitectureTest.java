package dev.flexmoe.archrules;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * The architecture test of a service: extend it in the service's root package, {@code class
 * ArchitectureTest extends ServiceArchitectureTest {}}, and the service's production classes (that
 * package and below, tests excluded) are checked against every shared rule.
 */
public abstract class ServiceArchitectureTest {

  private JavaClasses productionClasses() {
    return ProductionClasses.in(getClass().getPackageName());
  }

  @Test
  void layersPointOneWay() {
    ServiceLayers.layering().check(productionClasses());
  }

  @Test
  void onlyTheApiSpeaksHttp() {
    ServiceLayers.onlyTheApiSpeaksHttp().check(productionClasses());
  }

  @Test
  void onlyMessagingSpeaksKafka() {
    ServiceLayers.onlyMessagingSpeaksKafka().check(productionClasses());
  }

  @Test
  void noPackageCycles() {
    PackageCycles.none().check(productionClasses());
  }
}
