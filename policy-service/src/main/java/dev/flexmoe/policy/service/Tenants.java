package dev.flexmoe.policy.service;

import dev.flexmoe.policy.domain.ExpertLicense;
import dev.flexmoe.policy.domain.LicenseState;
import dev.flexmoe.policy.domain.StoredTime;
import dev.flexmoe.policy.domain.Tenant;
import dev.flexmoe.policy.security.Caller;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Tenants and the license classes they hold, set by operators and published as snapshots. */
@ApplicationScoped
public class Tenants {

  private static final int MAX_DISPLAY_NAME = 200;

  @Inject Snapshots snapshots;

  @ConfigProperty(name = "policy.max-list-size")
  int maxListSize;

  @Transactional
  public Tenant put(String tenantId, TenantRequest request) {
    if (!LicenseRules.NAME.matcher(tenantId).matches()) {
      throw new InvalidRequestException(
          "invalid-name", "id", "'" + tenantId + "' is not a tenant id");
    }
    if (request.displayName() != null && request.displayName().length() > MAX_DISPLAY_NAME) {
      throw new InvalidRequestException(
          "too-long", "displayName", "displayName is longer than " + MAX_DISPLAY_NAME);
    }
    LicenseRules.checkList(request.licenseClasses(), "licenseClasses", maxListSize);
    Tenant tenant = Tenant.findById(tenantId);
    if (tenant == null) {
      tenant = new Tenant();
      tenant.id = tenantId;
    }
    tenant.displayName = request.displayName();
    tenant.licenseClasses = new ArrayList<>(request.licenseClasses());
    tenant.suspended = Boolean.TRUE.equals(request.suspended());
    tenant.revision++;
    tenant.updatedAt = StoredTime.now();
    tenant.persist();
    snapshots.tenant(tenant);
    return tenant;
  }

  /**
   * Deletes a tenant and publishes a tombstone for it, unless a license still names it: a grant
   * that outlived its tenant would come back to life with a new tenant of the same id.
   *
   * @throws TenantInUseException naming the experts whose licenses name the tenant
   */
  @Transactional
  public void delete(String tenantId) {
    Tenant tenant = Tenant.findById(tenantId);
    if (tenant == null) {
      throw new NotFoundException("tenant-not-found", null, "no tenant " + tenantId + " exists");
    }
    List<String> naming =
        ExpertLicense.<ExpertLicense>listAll(Sort.by("expertId")).stream()
            .filter(license -> license.tenants.contains(tenantId))
            .map(license -> license.expertId)
            .toList();
    if (!naming.isEmpty()) {
      throw new TenantInUseException(
          "tenant-in-use",
          "id",
          "the licenses of "
              + naming
              + " name tenant "
              + tenantId
              + "; their owners must take it off first");
    }
    tenant.delete();
    snapshots.tenantDeleted(tenantId);
  }

  /** A tenant, for operators, services and the tenant itself. */
  @Transactional
  public Tenant get(String tenantId, Caller caller) {
    Tenant tenant = Tenant.findById(tenantId);
    boolean itself = caller.isTenant() && tenantId.equals(caller.id());
    if (tenant == null || (!caller.isOperator() && !caller.isService() && !itself)) {
      throw new NotFoundException("tenant-not-found", null, "no tenant " + tenantId + " exists");
    }
    return tenant;
  }

  @Transactional
  public List<Tenant> all() {
    return Tenant.listAll(Sort.by("id"));
  }

  /** The experts the tenant may use now: OPEN ones, and RESTRICTED ones that grant it use. */
  @Transactional
  public List<String> usableExperts(String tenantId, Caller caller) {
    Tenant tenant = get(tenantId, caller);
    if (tenant.suspended) {
      return List.of();
    }
    List<String> usable = new ArrayList<>();
    List<ExpertLicense> licenses = ExpertLicense.listAll(Sort.by("expertId"));
    for (ExpertLicense license : licenses) {
      boolean granted =
          license.publishedState == LicenseState.OPEN
              || (license.publishedState == LicenseState.RESTRICTED
                  && (license.tenants.contains(tenant.id)
                      || license.licenseClasses.stream()
                          .anyMatch(tenant.licenseClasses::contains)));
      if (granted) {
        usable.add(license.expertId);
      }
    }
    return usable;
  }
}
