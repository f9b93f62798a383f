package dev.flexmoe.archrules;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.flexmoe.archrules.fixture.bad.api.InvoiceResource;
import dev.flexmoe.archrules.fixture.bad.domain.DomainSendsToKafka;
import dev.flexmoe.archrules.fixture.bad.service.ServiceCallsTheApi;
import dev.flexmoe.archrules.fixture.bad.service.ServiceThrowsHttp;
import dev.flexmoe.archrules.fixture.cycle.first.First;
import dev.flexmoe.archrules.fixture.cycle.second.Second;
import dev.flexmoe.archrules.fixture.good.api.OrderResource;
import dev.flexmoe.archrules.fixture.good.domain.Order;
import dev.flexmoe.archrules.fixture.good.service.Orders;
import org.junit.jupiter.api.Test;

/** Each shared rule passes a well-layered service and fails on a violation planted for it. */
class RulesCatchViolationsTest {

  private static final JavaClasses WELL_LAYERED =
      new ClassFileImporter().importClasses(OrderResource.class, Orders.class, Order.class);

  @Test
  void aWellLayeredServicePassesEveryRule() {
    assertThatCode(
            () -> {
              ServiceLayers.layering().check(WELL_LAYERED);
              ServiceLayers.onlyTheApiSpeaksHttp().check(WELL_LAYERED);
              ServiceLayers.onlyMessagingSpeaksKafka().check(WELL_LAYERED);
              PackageCycles.none().check(WELL_LAYERED);
            })
        .doesNotThrowAnyException();
  }

  @Test
  void aServiceThatCallsTheApiBreaksTheLayers() {
    assertThatThrownBy(
            () ->
                ServiceLayers.layering()
                    .check(
                        new ClassFileImporter()
                            .importClasses(ServiceCallsTheApi.class, InvoiceResource.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ServiceCallsTheApi")
        .hasMessageContaining("InvoiceResource");
  }

  @Test
  void aServiceThatThrowsHttpExceptionsIsCaught() {
    assertThatThrownBy(
            () ->
                ServiceLayers.onlyTheApiSpeaksHttp()
                    .check(new ClassFileImporter().importClasses(ServiceThrowsHttp.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ServiceThrowsHttp")
        .hasMessageContaining("NotFoundException");
  }

  @Test
  void aDomainTypeThatBuildsKafkaRecordsIsCaught() {
    assertThatThrownBy(
            () ->
                ServiceLayers.onlyMessagingSpeaksKafka()
                    .check(new ClassFileImporter().importClasses(DomainSendsToKafka.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("DomainSendsToKafka")
        .hasMessageContaining("ProducerRecord");
  }

  @Test
  void aPackageCycleIsCaught() {
    assertThatThrownBy(
            () ->
                PackageCycles.none()
                    .check(new ClassFileImporter().importClasses(First.class, Second.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected");
  }
}
