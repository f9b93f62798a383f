package dev.flexmoe.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.data.fetch.DebianPackage;
import dev.flexmoe.data.fetch.SourcePackage;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlexMixTest {

  @Test
  void thePublicCorpusAndSevenClosedDomainsInCorporaMdOrder() {
    assertThat(FlexMix.domains())
        .extracting(Domain::name)
        .containsExactly(
            "public", "news", "creative", "code", "academic", "math", "educational", "forum");
  }

  @Test
  void everyPackageIsPinnedByVersionAndDigestAndShipsItsLicense() {
    List<SourcePackage> packages =
        FlexMix.domains().stream().flatMap(domain -> domain.packages().stream()).toList();

    assertThat(packages).hasSize(10).doesNotHaveDuplicates();
    assertThat(packages)
        .allSatisfy(
            pkg -> {
              assertThat(pkg.version()).isNotBlank();
              assertThat(pkg.sha256()).matches("[0-9a-f]{64}");
              assertThat(pkg.licenseFiles()).isNotEmpty();
            });
    assertThat(packages)
        .filteredOn(pkg -> pkg instanceof DebianPackage)
        .extracting(SourcePackage::pin)
        .contains("libpython3.11-stdlib=3.11.2-6+deb12u8", "pari-doc=2.15.2-1");
  }

  @Test
  void eachDomainNamesItsLicenseAndAttribution() {
    assertThat(FlexMix.domains())
        .allSatisfy(
            domain -> {
              assertThat(domain.license()).isNotBlank();
              assertThat(domain.attribution()).isNotBlank();
              assertThat(domain.sources()).isNotEmpty();
            });
  }
}
