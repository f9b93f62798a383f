package dev.flexmoe.reproduce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flexmoe.model.train.HashedTfIdfEmbedder;
import dev.flexmoe.model.workflow.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The router-tuning proxy set, as in FlexOlmo: public passages that look like each closed domain,
 * chosen by a classifier its owner trains, plus as many random public passages. Each owner trains a
 * {@link DomainClassifier} on its own passages against public ones, over TF-IDF features fitted on
 * the public corpus (which every owner has), and only the classifier's weights leave the owner; the
 * {@code perDomain} public passages it rates most likely to be the domain's join the set. The set
 * is a small part of the public corpus, as the paper's is, not a reordering of all of it.
 *
 * <p>Writes {@code proxy.jsonl} (the passages, in public-corpus order) and {@code proxy.json}: the
 * passages each domain chose (their indices among the public passages, in corpus order, with their
 * probabilities, most likely first), the random ones, and the totals.
 */
final class ProxySelection {

  /** Seed of the feature projection: the same as the routers' TF-IDF initialisation. */
  private static final long EMBEDDER_SEED = 1;

  private static final long RANDOM_SEED = 11;

  /** Domain passages a classifier trains on at most, spread over the corpus: bounds the cost. */
  private static final int MAX_TRAINING_PASSAGES = 400;

  private ProxySelection() {}

  /**
   * The size of a proxy set against its public corpus.
   *
   * @param passages passages chosen
   * @param bytes their UTF-8 bytes
   * @param publicPassages passages of the public corpus
   * @param publicBytes their UTF-8 bytes
   */
  record Summary(int passages, long bytes, int publicPassages, long publicBytes) {

    /** The share of the public corpus's bytes in the proxy set. */
    double fraction() {
      return (double) bytes / publicBytes;
    }
  }

  /**
   * Chooses and writes the proxy set.
   *
   * @param publicCorpus the public training text
   * @param domainCorpora each closed domain's training text, by domain
   * @param dimensions of the TF-IDF features the classifiers see
   * @param perDomain public passages each domain chooses, and random ones added
   * @param passageBytes documents are cut into passages of at most about this many bytes
   * @param out where {@code proxy.jsonl} and {@code proxy.json} go
   */
  /** A public passage a domain's classifier chose, by its index among the public passages. */
  private record Chosen(int index, double probability) {}

  /** What one domain's classifier trained on and chose, the most likely first. */
  private record DomainChoice(int trainingPassages, List<Chosen> chosen) {}

  /** {@code proxy.json}: the selection's settings, size and every choice. */
  private record Description(
      int passageBytes,
      int dimensions,
      int passages,
      long bytes,
      int publicPassages,
      long publicBytes,
      double fraction,
      Map<String, DomainChoice> domains,
      List<Integer> random) {

    Description(
        int passageBytes,
        int dimensions,
        Summary summary,
        Map<String, DomainChoice> domains,
        List<Integer> random) {
      this(
          passageBytes,
          dimensions,
          summary.passages(),
          summary.bytes(),
          summary.publicPassages(),
          summary.publicBytes(),
          summary.fraction(),
          domains,
          random);
    }
  }

  static Summary write(
      Path publicCorpus,
      Map<String, Path> domainCorpora,
      int dimensions,
      int perDomain,
      int passageBytes,
      Path out)
      throws IOException {
    if (perDomain < 1) {
      throw new IllegalArgumentException("perDomain must be positive, not " + perDomain);
    }
    if (domainCorpora.isEmpty()) {
      throw new IllegalArgumentException("a proxy set needs at least one domain corpus");
    }
    List<String> publicTexts = Corpus.read(publicCorpus);
    List<String> publicPassages = passages(publicTexts, passageBytes, publicCorpus);
    requireRoom(perDomain, domainCorpora.size(), publicPassages.size(), publicCorpus, passageBytes);
    HashedTfIdfEmbedder embedder = HashedTfIdfEmbedder.fit(publicTexts, dimensions, EMBEDDER_SEED);
    List<float[]> publicFeatures = publicPassages.stream().map(embedder::embed).toList();

    TreeSet<Integer> chosen = new TreeSet<>();
    Map<String, DomainChoice> domains = new LinkedHashMap<>();
    for (var domain : domainCorpora.entrySet()) {
      // What only the owner sees: its passages, and the classifier trained on them.
      List<String> own =
          spread(passages(Corpus.read(domain.getValue()), passageBytes, domain.getValue()));
      DomainClassifier classifier =
          DomainClassifier.train(own.stream().map(embedder::embed).toList(), publicFeatures);
      double[] probabilities =
          publicFeatures.stream().mapToDouble(classifier::probability).toArray();
      List<Integer> top = mostLikely(probabilities, perDomain);
      chosen.addAll(top);
      domains.put(
          domain.getKey(),
          new DomainChoice(
              own.size(), top.stream().map(i -> new Chosen(i, probabilities[i])).toList()));
    }
    List<Integer> random = randomPassages(publicPassages.size(), chosen, perDomain);
    chosen.addAll(random);

    Summary summary =
        new Summary(
            chosen.size(),
            chosen.stream().mapToLong(i -> bytes(publicPassages.get(i))).sum(),
            publicPassages.size(),
            publicPassages.stream().mapToLong(ProxySelection::bytes).sum());
    List<String> texts = chosen.stream().map(publicPassages::get).toList();
    writeFiles(out, texts, new Description(passageBytes, dimensions, summary, domains, random));
    return summary;
  }

  private static void writeFiles(Path out, List<String> texts, Description description)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    StringBuilder lines = new StringBuilder();
    for (String text : texts) {
      lines.append(json.writeValueAsString(Map.of("text", text))).append('\n');
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("proxy.jsonl"), lines);
    json.enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.resolve("proxy.json").toFile(), description);
  }

  /** Room in the public corpus for every domain's share and the random one, none shared. */
  private static void requireRoom(
      int perDomain, int domains, int publicPassages, Path publicCorpus, int passageBytes) {
    long wanted = (long) perDomain * (domains + 1);
    if (wanted > publicPassages) {
      throw new IllegalArgumentException(
          perDomain
              + " passages for each of "
              + domains
              + " domains and as many random ones need "
              + wanted
              + " public passages, but "
              + publicCorpus
              + " has "
              + publicPassages
              + " of at most "
              + passageBytes
              + " bytes");
    }
  }

  /** The indices of the {@code count} highest probabilities, the lower index first on a tie. */
  private static List<Integer> mostLikely(double[] probabilities, int count) {
    return IntStream.range(0, probabilities.length)
        .boxed()
        .sorted(
            Comparator.comparingDouble((Integer i) -> -probabilities[i])
                .thenComparing(Comparator.naturalOrder()))
        .limit(count)
        .toList();
  }

  /** The non-blank passages of every document, in corpus order. */
  private static List<String> passages(List<String> texts, int passageBytes, Path corpus) {
    List<String> passages = new ArrayList<>();
    for (String text : texts) {
      for (String passage : FlexMixData.passages(text, passageBytes)) {
        if (!passage.isBlank()) {
          passages.add(passage);
        }
      }
    }
    if (passages.isEmpty()) {
      throw new IllegalArgumentException(corpus + " has no passage with text in it");
    }
    return passages;
  }

  /**
   * At most {@link #MAX_TRAINING_PASSAGES}, evenly spaced, so that every part of a corpus counts.
   */
  private static List<String> spread(List<String> passages) {
    if (passages.size() <= MAX_TRAINING_PASSAGES) {
      return passages;
    }
    return IntStream.range(0, MAX_TRAINING_PASSAGES)
        .mapToObj(i -> passages.get((int) ((long) i * passages.size() / MAX_TRAINING_PASSAGES)))
        .toList();
  }

  /** {@code count} passages not already chosen, drawn with a fixed seed. */
  private static List<Integer> randomPassages(int size, TreeSet<Integer> chosen, int count) {
    List<Integer> rest =
        new ArrayList<>(IntStream.range(0, size).filter(i -> !chosen.contains(i)).boxed().toList());
    Collections.shuffle(rest, new Random(RANDOM_SEED));
    return rest.subList(0, count).stream().sorted().toList();
  }

  private static long bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
