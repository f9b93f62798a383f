/**
 * The event contracts (docs/architecture.md, "Event flow"): the topic catalog, one record per event
 * payload, the CloudEvents 1.0 envelope they travel in, and the Kafka serde every service uses.
 *
 * <p>Compatibility rules: a reader ignores fields it does not know (a newer producer may add them);
 * a missing or null required field is rejected with an error naming it; a field is never removed or
 * retyped within a {@code .v1} type — such a change needs a new type {@code .v2}. The stored
 * samples under {@code src/test/resources/samples/v1} are the frozen proof.
 */
package dev.flexmoe.events;
