package dev.flexmoe.merge.service;

import dev.flexmoe.model.validation.AnchorModel;
import dev.flexmoe.model.validation.ProbeText;
import dev.flexmoe.registryclient.PublicModelInfo;
import java.nio.file.Path;

/**
 * A public model ready to validate against: its weights in memory, its checkpoint directory, and
 * the probe text tokenized with its tokenizer.
 */
record LoadedAnchor(PublicModelInfo info, Path dir, AnchorModel model, ProbeText probe) {}
