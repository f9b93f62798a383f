package dev.flexmoe.prodguard;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Stops a service at start in the {@code prod} profile when its configuration is the development
 * one: tokens signed by a key everyone has must never be accepted, nor signed, in production.
 */
@ApplicationScoped
public class DevelopmentKeyGuard {

  void refuseDevelopmentKeys(@Observes @Priority(1) StartupEvent started) {
    if (!ConfigUtils.isProfileActive("prod")) {
      return;
    }
    Config config = ConfigProvider.getConfig();
    List<String> names = new ArrayList<>(DevelopmentKeys.SIGNING_PROPERTIES);
    names.add(DevelopmentKeys.KEY_LOCATION);
    names.add(DevelopmentKeys.ISSUER_PROPERTY);
    Map<String, String> relevant = new HashMap<>();
    for (String name : names) {
      config.getOptionalValue(name, String.class).ifPresent(value -> relevant.put(name, value));
    }
    List<String> findings = DevelopmentKeys.findings(relevant);
    if (!findings.isEmpty()) {
      throw new IllegalStateException(
          "refusing to start in the prod profile with development keys: "
              + String.join("; ", findings)
              + ". Give the service its production key and issuer (see README, 'production"
              + " settings').");
    }
  }
}
