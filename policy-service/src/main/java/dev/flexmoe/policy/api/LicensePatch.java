package dev.flexmoe.policy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flexmoe.policy.domain.ExpertLicense;
import dev.flexmoe.policy.service.LicenseRequest;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** A JSON merge patch (RFC 7396) of a license: the fields it names replace the current ones. */
final class LicensePatch {

  private static final Set<String> FIELDS =
      Set.of("state", "tenants", "licenseClasses", "validFrom", "validUntil", "reason");

  private final ObjectNode patch;
  private final ObjectMapper json;

  private LicensePatch(ObjectNode patch, ObjectMapper json) {
    this.patch = patch;
    this.json = json;
  }

  static LicensePatch of(JsonNode patch, ObjectMapper json) {
    for (Iterator<String> names = patch.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new BadRequestException("invalid-json", name, "a license has no field " + name);
      }
    }
    return new LicensePatch((ObjectNode) patch, json);
  }

  /** The license that results from applying the patch to {@code current} (none: OFF, empty). */
  LicenseRequest applyTo(ExpertLicense current) {
    ObjectNode merged = json.createObjectNode();
    merged.put("state", current == null ? "OFF" : current.state.name());
    merged.set("tenants", json.valueToTree(current == null ? List.of() : current.tenants));
    merged.set(
        "licenseClasses", json.valueToTree(current == null ? List.of() : current.licenseClasses));
    if (current != null && current.validFrom != null) {
      merged.put("validFrom", current.validFrom.toString());
    }
    if (current != null && current.validUntil != null) {
      merged.put("validUntil", current.validUntil.toString());
    }
    patch
        .fields()
        .forEachRemaining(
            field -> {
              if (field.getValue().isNull()) {
                merged.remove(field.getKey());
              } else {
                merged.set(field.getKey(), field.getValue());
              }
            });
    try {
      return json.treeToValue(merged, LicenseRequest.class);
    } catch (IOException e) {
      throw new BadRequestException("invalid-json", null, e.getMessage());
    }
  }
}
