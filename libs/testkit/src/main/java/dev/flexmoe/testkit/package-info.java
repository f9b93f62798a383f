/**
 * Real infrastructure without Docker: an in-process Apache Kafka broker (KRaft, broker and
 * controller in one node) and a throw-away PostgreSQL server, for tests and for the embedded run.
 *
 * <p>Both honour an already running instance: {@code KAFKA_BOOTSTRAP_SERVERS} and {@code
 * PG_JDBC_URL} make the Quarkus test resources use it instead of starting their own, so that one
 * broker and one database can serve a whole CI run.
 */
package dev.flexmoe.testkit;
