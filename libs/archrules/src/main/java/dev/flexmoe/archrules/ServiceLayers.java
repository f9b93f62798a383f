package dev.flexmoe.archrules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The layers of a flexmoe service, named by package: {@code api} (REST resources, problem details)
 * and {@code messaging} (Kafka consumers, the outbox relay) call {@code service} (use cases, domain
 * exceptions), which works on {@code domain} (entities) and {@code storage} (blobs); {@code health}
 * checks may look at services and storage; {@code security} (callers, roles) is shared by api and
 * service. Layers a service does not have are simply absent.
 */
public final class ServiceLayers {

  private ServiceLayers() {}

  /** Dependencies point one way: api and messaging → service → domain and storage. */
  public static ArchRule layering() {
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .withOptionalLayers(true)
        .layer("api")
        .definedBy("..api..")
        .layer("messaging")
        .definedBy("..messaging..")
        .layer("health")
        .definedBy("..health..")
        .layer("service")
        .definedBy("..service..")
        .layer("security")
        .definedBy("..security..")
        .layer("domain")
        .definedBy("..domain..")
        .layer("storage")
        .definedBy("..storage..")
        .whereLayer("api")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("messaging")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("health")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("service")
        .mayOnlyBeAccessedByLayers("api", "messaging", "health")
        .whereLayer("security")
        .mayOnlyBeAccessedByLayers("api", "service")
        .whereLayer("storage")
        .mayOnlyBeAccessedByLayers("service", "health")
        .whereLayer("domain")
        .mayOnlyBeAccessedByLayers("api", "messaging", "service", "storage")
        .because("a use case is written once, in the service layer, whoever triggers it");
  }

  /** HTTP is the api layer's business: services raise domain exceptions that the api maps. */
  public static ArchRule onlyTheApiSpeaksHttp() {
    return noClasses()
        .that()
        .resideOutsideOfPackage("..api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "jakarta.ws.rs..",
            "org.jboss.resteasy..",
            "io.quarkus.resteasy..",
            "io.vertx.core.http..")
        .allowEmptyShould(true)
        .because("only the REST layer speaks HTTP; the service layer raises domain exceptions");
  }

  /** Kafka is the messaging layer's business: use cases are unaware of how they were triggered. */
  public static ArchRule onlyMessagingSpeaksKafka() {
    return noClasses()
        .that()
        .resideInAnyPackage("..api..", "..service..", "..domain..", "..storage..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..",
            "io.smallrye.reactive.messaging..",
            "org.eclipse.microprofile.reactive.messaging..")
        .allowEmptyShould(true)
        .because(
            "consumers and the outbox relay live in messaging; use cases only write the outbox");
  }
}
