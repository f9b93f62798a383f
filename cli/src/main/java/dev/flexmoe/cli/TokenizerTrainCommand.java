package dev.flexmoe.cli;

import dev.flexmoe.model.tokenizer.BpeModel;
import dev.flexmoe.model.workflow.TrainTokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flexmoe tokenizer train}: a BPE vocabulary from a corpus, as an HF tokenizer.json. */
@Command(
    name = "train",
    description = "Train a byte-level BPE tokenizer on a corpus and write it as tokenizer.json.")
final class TokenizerTrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--corpus",
      required = true,
      paramLabel = "PATH",
      description = "A .txt file, a .jsonl file ({\"text\": ...} per line) or a directory of them.")
  Path corpus;

  @Option(
      names = "--vocab-size",
      required = true,
      paramLabel = "N",
      description = "Tokens to reach: the end-of-text token, the 256 bytes, then merges.")
  int vocabSize;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "tokenizer.json.")
  Path out;

  @Override
  public Integer call() {
    Flexmoe.requireNewOutput(out);
    BpeModel model = TrainTokenizer.run(corpus, vocabSize, out);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(
        "wrote tokenizer %s: %d tokens (%d special, 256 bytes, %d merges)%n",
        out, model.vocabSize(), model.specialTokens().size(), model.merges().size());
    return 0;
  }
}
