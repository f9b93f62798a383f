package dev.flexmoe.inference.service;

import dev.flexmoe.inference.domain.ExpertSelection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a request's experts: those of the served version whose policy lets this tenant use them
 * now, within the request's own selection; the public expert always. While the policy lease has
 * lapsed, the public expert alone.
 */
@ApplicationScoped
public class Access {

  @Inject Policies policies;

  Clock clock = Clock.systemUTC();

  /** Refuses a selection that names an expert the version does not have. */
  public void check(ServedVersion version, ExpertSelection selection) {
    for (String named : selection.named()) {
      if (!version.experts().contains(named) || ServedVersion.PUBLIC.equals(named)) {
        throw new InferenceException.BadRequest(
            "flexmoe.experts",
            "unknown_expert",
            "version "
                + version.number()
                + " of "
                + version.modelName()
                + " has no expert '"
                + named
                + "' (it has "
                + version.experts().subList(1, version.experts().size())
                + ")");
      }
    }
  }

  /** The experts, policy revisions and fail-closed state a completion starts with. */
  public ActiveSet resolve(ServedVersion version, String tenant, ExpertSelection selection) {
    Map<String, Long> revisions = new LinkedHashMap<>();
    List<String> rows = version.experts();
    for (int row = 1; row < rows.size(); row++) {
      revisions.put(rows.get(row), policies.book().revision(rows.get(row)));
    }
    boolean failClosed = policies.lease().failClosed();
    return new ActiveSet(experts(version, tenant, selection, failClosed), failClosed, revisions);
  }

  /**
   * The experts the tenant may use now, public first: what the decode engine asks again before
   * every step.
   */
  List<String> experts(ServedVersion version, String tenant, ExpertSelection selection) {
    return experts(version, tenant, selection, policies.lease().failClosed());
  }

  private List<String> experts(
      ServedVersion version, String tenant, ExpertSelection selection, boolean failClosed) {
    List<String> experts = new ArrayList<>();
    experts.add(ServedVersion.PUBLIC);
    if (failClosed) {
      return experts;
    }
    Instant now = clock.instant();
    List<String> rows = version.experts();
    for (int row = 1; row < rows.size(); row++) {
      String expert = rows.get(row);
      if (selection.wants(expert) && policies.book().allows(expert, tenant, now)) {
        experts.add(expert);
      }
    }
    return experts;
  }
}
