package dev.flexmoe.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The policy service's resource paths below {@code /api/v1}, with ids escaped. */
final class PolicyPaths {

  private PolicyPaths() {}

  static String license(String expert) {
    return expert(expert) + "/license";
  }

  static String expert(String expert) {
    return "experts/" + URLEncoder.encode(expert, StandardCharsets.UTF_8);
  }
}
