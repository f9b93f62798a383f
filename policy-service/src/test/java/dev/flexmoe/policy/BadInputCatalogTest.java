package dev.flexmoe.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.flexmoe.testkit.KafkaTestResource;
import dev.flexmoe.testkit.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests the policy refuses: each gets its status, a stable code and the field, and leaves no
 * license, audit row or outbox event behind.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class BadInputCatalogTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  @ConfigProperty(name = "policy.max-list-size")
  int maxListSize;

  @Inject DataSource dataSource;

  private String expert;
  private Policy policy;

  @BeforeEach
  void anExpertOfCarl() {
    policy = new Policy(bootstrap);
    expert = policy.registerExpert("carl");
    Policy.tenant("initech", "research");
  }

  @Test
  void theLicenseCatalog() throws Exception {
    String future = Instant.now().plusSeconds(3600).toString();
    String later = Instant.now().plusSeconds(7200).toString();
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i <= maxListSize; i++) {
      tooMany.add("t" + i);
    }
    assertRefused(
        carl(),
        "/api/v1/experts/no-such/license",
        Map.of("state", "OFF"),
        404,
        "expert-not-found",
        null);
    assertRefused(carl(), license(), Map.of(), 422, "missing-field", "state");
    assertRefused(carl(), license(), "{\"state\":\"MAYBE\"}", 400, "invalid-json", "state");
    assertRefused(
        carl(), license(), "{\"state\":\"OPEN\",\"colour\":1}", 400, "invalid-json", "colour");
    assertRefused(carl(), license(), "{\"state\":", 400, "invalid-json", null);
    assertRefused(
        carl(), license(), Map.of("state", "RESTRICTED"), 422, "nothing-granted", "tenants");
    assertRefused(
        carl(),
        license(),
        Map.of("state", "OPEN", "tenants", List.of("initech")),
        422,
        "grants-need-restricted",
        "tenants");
    assertRefused(
        carl(),
        license(),
        Map.of("state", "RESTRICTED", "tenants", List.of("initech", "umbrella")),
        422,
        "unknown-tenant",
        "tenants[1]");
    assertRefused(
        carl(),
        license(),
        Map.of("state", "RESTRICTED", "licenseClasses", List.of("Research!")),
        422,
        "invalid-name",
        "licenseClasses[0]");
    assertRefused(
        carl(),
        license(),
        Map.of("state", "RESTRICTED", "licenseClasses", List.of("research", "research")),
        422,
        "duplicate",
        "licenseClasses[1]");
    assertRefused(
        carl(),
        license(),
        Map.of("state", "RESTRICTED", "tenants", tooMany),
        422,
        "too-many",
        "tenants");
    assertRefused(
        carl(),
        license(),
        Map.of("state", "OPEN", "validUntil", "2020-01-01T00:00:00Z"),
        422,
        "valid-until-past",
        "validUntil");
    assertRefused(
        carl(),
        license(),
        Map.of("state", "OPEN", "validFrom", later, "validUntil", future),
        422,
        "empty-window",
        "validUntil");
    assertRefused(
        Policy.as("dora", "owner"), license(), Map.of("state", "OPEN"), 403, "not-owner", null);
    assertRefused(
        Policy.as("ops", "operator"),
        license(),
        Map.of("state", "OPEN"),
        403,
        "operator-off-only",
        "state");
    assertRefused(
        carl().header("If-Match", "3"),
        license(),
        Map.of("state", "OPEN"),
        400,
        "invalid-if-match",
        "If-Match");
    assertRefused(
        carl().header("If-Match", "\"5\""),
        license(),
        Map.of("state", "OPEN"),
        412,
        "stale-revision",
        "If-Match");
  }

  @Test
  void aConditionalUpdateOnAStaleRevisionIsRefused() throws Exception {
    String etag =
        carl()
            .body(Map.of("state", "OPEN"))
            .put(license())
            .then()
            .statusCode(200)
            .extract()
            .header("ETag");
    carl()
        .header("If-Match", etag)
        .body(Map.of("state", "OFF"))
        .put(license())
        .then()
        .statusCode(200)
        .body("revision", equalTo(2));
    assertRefused(
        carl().header("If-Match", etag),
        license(),
        Map.of("state", "OPEN"),
        412,
        "stale-revision",
        "If-Match");
  }

  @Test
  void aWithdrawnExpertCannotBeLicensed() throws Exception {
    policy.withdraw(expert, "carl");
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(() -> count("select count(*) from owned_expert where withdrawn_at is not null") > 0);
    assertRefused(carl(), license(), Map.of("state", "OPEN"), 410, "expert-withdrawn", null);
  }

  @Test
  void theTenantCatalog() throws Exception {
    Function<Object, Map<String, Object>> classes =
        list -> {
          Map<String, Object> body = new HashMap<>();
          body.put("licenseClasses", list);
          return body;
        };
    assertRefused(
        Policy.as("ops", "operator"),
        "/api/v1/tenants/Bad_Id",
        Map.of(),
        422,
        "invalid-name",
        "id");
    assertRefused(
        Policy.as("ops", "operator"),
        "/api/v1/tenants/hooli",
        classes.apply(List.of("ok", "NOT OK")),
        422,
        "invalid-name",
        "licenseClasses[1]");
    assertRefused(
        Policy.as("ops", "operator"),
        "/api/v1/tenants/hooli",
        Map.of("displayName", "x".repeat(201)),
        422,
        "too-long",
        "displayName");
    assertRefused(
        Policy.as("ops", "operator"),
        "/api/v1/tenants/hooli",
        "{\"suspended\":\"sometimes\"}",
        400,
        "invalid-json",
        "suspended");
  }

  private void assertRefused(
      RequestSpecification caller, String path, Object body, int status, String code, String field)
      throws Exception {
    long[] before = counts();
    caller
        .body(body)
        .put(path)
        .then()
        .statusCode(status)
        .contentType("application/problem+json")
        .body("code", equalTo(code))
        .body("field", field == null ? nullValue() : equalTo(field));
    assertThat(counts()).as("%s %s", path, code).containsExactly(before);
  }

  /** What a refusal must leave untouched: this expert's rows and events, and the tenants. */
  private long[] counts() throws Exception {
    String key = "'" + expert + "'";
    return new long[] {
      count("select count(*) from expert_license where expert_id = " + key),
      count("select count(*) from license_change where expert_id = " + key),
      count("select count(*) from outbox_event where event_key in (" + key + ", 'hooli')"),
      count("select coalesce(sum(revision), 0) from tenant")
    };
  }

  private long count(String sql) throws Exception {
    try (Connection connection = dataSource.getConnection();
        ResultSet result = connection.createStatement().executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  private RequestSpecification carl() {
    return Policy.as("carl", "owner");
  }

  private String license() {
    return "/api/v1/experts/" + expert + "/license";
  }
}
