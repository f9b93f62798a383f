/**
 * ArchUnit rules shared by the architecture tests of every flexmoe module (docs/architecture.md,
 * "Inside a service"). A service's test is one line, {@code class ArchitectureTest extends
 * ServiceArchitectureTest {}}; other modules combine {@link dev.flexmoe.archrules.PackageCycles}
 * with rules of their own.
 */
package dev.flexmoe.archrules;
