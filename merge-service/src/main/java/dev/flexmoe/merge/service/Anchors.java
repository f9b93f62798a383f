package dev.flexmoe.merge.service;

import ai.djl.ndarray.NDManager;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.tokenizer.FlexTokenizer;
import dev.flexmoe.model.validation.AnchorModel;
import dev.flexmoe.model.validation.ProbeText;
import dev.flexmoe.model.workflow.Corpus;
import dev.flexmoe.model.workflow.TokenizedCorpus;
import dev.flexmoe.registryclient.ArtifactStore;
import dev.flexmoe.registryclient.PublicModelInfo;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The public model experts are validated against, kept loaded: experts arrive for the same anchor
 * in bursts, and loading it and tokenizing the probe costs more than validating one expert.
 */
@ApplicationScoped
public class Anchors {

  @Inject ArtifactStore store;

  @ConfigProperty(name = "merge.probe.path")
  Path probePath;

  private NDManager manager;
  private LoadedAnchor loaded;

  /** The registered public model of this digest, loaded; the previous one is released. */
  synchronized LoadedAnchor load(PublicModelInfo info) {
    if (loaded != null && loaded.info().digest().equals(info.digest())) {
      return loaded;
    }
    release();
    Path dir = store.publicModelDir(info);
    manager = NDManager.newBaseManager();
    AnchorModel model = new AnchorModel(HfCheckpoint.read(dir, manager), info.digest());
    loaded = new LoadedAnchor(info, dir, model, probe(dir));
    return loaded;
  }

  private ProbeText probe(Path publicDir) {
    List<String> texts = Corpus.read(probePath);
    try (FlexTokenizer tokenizer = FlexTokenizer.load(publicDir.resolve(HfCheckpoint.TOKENIZER))) {
      TokenizedCorpus corpus = TokenizedCorpus.of(texts, tokenizer);
      return new ProbeText(corpus.documents(), corpus.endOfDocument());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the public model's tokenizer", e);
    }
  }

  @PreDestroy
  synchronized void release() {
    if (manager != null) {
      manager.close();
      manager = null;
      loaded = null;
    }
  }
}
