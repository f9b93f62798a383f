package dev.flexmoe.policy.service;

import java.util.List;

/** A tenant as an operator sets it. */
public record TenantRequest(String displayName, List<String> licenseClasses, Boolean suspended) {

  public TenantRequest {
    licenseClasses = licenseClasses == null ? List.of() : List.copyOf(licenseClasses);
  }
}
