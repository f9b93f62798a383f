package dev.flexmoe.reproduce;

import java.util.ArrayList;
import java.util.List;

/**
 * What switching one expert off did, in the two numbers the paper's opt-out claim is about: its own
 * domain should fall back toward public quality, every other domain should barely move. Changes are
 * "without the expert" minus "full model", so positive means worse (more bits per byte).
 *
 * @param removed the removed expert's domain (the label of its {@link OptOutTable#without()} row)
 * @param ownDomainChange bits per byte on that domain, without minus full; NaN when the domain is
 *     not among the table's domains
 * @param ownDomainRelativeChange the same change relative to the full model's bits per byte
 * @param largestOtherRelativeChange the relative change of largest magnitude on any other domain,
 *     with its sign; NaN when there is no other domain with a score
 * @param largestOtherDomain the domain of that change, empty when there is none
 */
public record OptOutEffect(
    String removed,
    double ownDomainChange,
    double ownDomainRelativeChange,
    double largestOtherRelativeChange,
    String largestOtherDomain) {

  /** One effect per removed expert, in the table's order. */
  public static List<OptOutEffect> of(OptOutTable table) {
    List<OptOutEffect> effects = new ArrayList<>();
    for (ScoreRow without : table.without()) {
      String own = without.system();
      double ownChange = Double.NaN;
      double ownRelative = Double.NaN;
      double largest = Double.NaN;
      String largestDomain = "";
      for (String domain : table.domains()) {
        double full = table.full().on(domain);
        double change = without.on(domain) - full;
        double relative = change / full;
        if (domain.equals(own)) {
          ownChange = change;
          ownRelative = relative;
        } else if (Double.isFinite(relative)
            && (Double.isNaN(largest) || Math.abs(relative) > Math.abs(largest))) {
          largest = relative;
          largestDomain = domain;
        }
      }
      effects.add(new OptOutEffect(own, ownChange, ownRelative, largest, largestDomain));
    }
    return effects;
  }
}
