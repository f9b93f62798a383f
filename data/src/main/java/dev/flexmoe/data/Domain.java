package dev.flexmoe.data;

import dev.flexmoe.data.fetch.SourcePackage;
import java.util.List;

/**
 * A FlexMix-lite domain: the slot of the paper's FlexMix it stands in for, and the pinned packages
 * its text comes from.
 *
 * @param name directory name and command-line name ({@code news})
 * @param paperSlot the FlexMix domain it stands in for ("News")
 * @param text what the text is, in a few words
 * @param license the licenses of the text, SPDX identifiers where there are any
 * @param attribution authors, copyright holders and packagers to credit
 */
public record Domain(
    String name,
    String paperSlot,
    String text,
    String license,
    String attribution,
    List<DomainSource> sources) {

  public Domain {
    sources = List.copyOf(sources);
  }

  public List<SourcePackage> packages() {
    return sources.stream().map(DomainSource::pkg).toList();
  }
}
