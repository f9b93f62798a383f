package dev.flexmoe.policy.service;

import dev.flexmoe.policy.domain.LicenseState;
import dev.flexmoe.policy.domain.Tenant;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/** What a license must satisfy before it is stored; each breach names its field. */
final class LicenseRules {

  /** Tenant ids and license class names: lower case, digits and dashes. */
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private LicenseRules() {}

  static void check(LicenseRequest request, int maxListSize, Instant now) {
    if (request.state() == null) {
      throw new InvalidRequestException("missing-field", "state", "state is required");
    }
    checkList(request.tenants(), "tenants", maxListSize);
    checkList(request.licenseClasses(), "licenseClasses", maxListSize);
    boolean grants = !request.tenants().isEmpty() || !request.licenseClasses().isEmpty();
    if (request.state() == LicenseState.RESTRICTED && !grants) {
      throw new InvalidRequestException(
          "nothing-granted", "tenants", "a RESTRICTED license names at least one tenant or class");
    }
    if (request.state() != LicenseState.RESTRICTED && grants) {
      throw new InvalidRequestException(
          "grants-need-restricted",
          request.tenants().isEmpty() ? "licenseClasses" : "tenants",
          "tenants and license classes apply to a RESTRICTED license only, not " + request.state());
    }
    for (int i = 0; i < request.tenants().size(); i++) {
      if (Tenant.findById(request.tenants().get(i)) == null) {
        throw new InvalidRequestException(
            "unknown-tenant",
            "tenants[" + i + "]",
            "no tenant " + request.tenants().get(i) + " exists");
      }
    }
    if (request.validUntil() != null && !request.validUntil().isAfter(now)) {
      throw new InvalidRequestException(
          "valid-until-past", "validUntil", "validUntil " + request.validUntil() + " has passed");
    }
    if (request.validFrom() != null
        && request.validUntil() != null
        && !request.validUntil().isAfter(request.validFrom())) {
      throw new InvalidRequestException(
          "empty-window", "validUntil", "validUntil must come after validFrom");
    }
  }

  /** No more than {@code max} names, each well formed and listed once. */
  static void checkList(List<String> names, String field, int max) {
    if (names.size() > max) {
      throw new InvalidRequestException(
          "too-many", field, field + " holds " + names.size() + " entries, more than " + max);
    }
    HashSet<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name == null || !NAME.matcher(name).matches()) {
        throw new InvalidRequestException(
            "invalid-name",
            field + "[" + i + "]",
            "'" + name + "' is not a name: lower case letters, digits and dashes, at most 64");
      }
      if (!seen.add(name)) {
        throw new InvalidRequestException(
            "duplicate", field + "[" + i + "]", name + " is listed twice");
      }
    }
  }
}
