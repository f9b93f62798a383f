package dev.flexmoe.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** Where the policy service is and who calls it: {@code --policy-url} and {@code --token}. */
final class PolicyServiceOptions {

  @Option(
      names = "--policy-url",
      paramLabel = "URL",
      defaultValue = "${env:FLEXMOE_POLICY_URL:-http://localhost:8083}",
      description = "The policy service (default: $FLEXMOE_POLICY_URL or ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--token",
      paramLabel = "JWT",
      defaultValue = "${env:FLEXMOE_TOKEN}",
      description = "Bearer token of the caller (default: $FLEXMOE_TOKEN).")
  String token;

  PolicyClient client() {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "no token: pass --token or set FLEXMOE_TOKEN (an owner's, or an operator's)");
    }
    return new PolicyClient(url, token.strip());
  }
}
