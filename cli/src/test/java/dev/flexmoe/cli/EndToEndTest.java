package dev.flexmoe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flexmoe.model.TensorNames;
import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.ExpertSignatures;
import dev.flexmoe.model.artifact.HfCheckpoint;
import dev.flexmoe.model.safetensors.SafetensorsFile;
import dev.flexmoe.model.safetensors.SafetensorsReader;
import dev.flexmoe.model.safetensors.SafetensorsTensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow a researcher runs, on real files with the micro preset: tokenizer, public model,
 * two experts on clearly different domains, merge, evaluation with and without an expert,
 * generation, inspection, and the Hugging Face round trip. The models are trained once for the
 * class; each test reads them.
 */
class EndToEndTest {

  @TempDir static Path dir;

  static Path arithmetic;
  static Path arithmeticValidation;
  static Path prose;
  static Path publicMix;
  static Path tokenizer;
  static Path publicModel;
  static Path arithmeticExpert;
  static Path proseExpert;
  static Path merged;
  static Cli.Run tokenizerRun;
  static Cli.Run publicRun;
  static Cli.Run arithmeticRun;
  static Cli.Run mergeRun;

  @BeforeAll
  static void trainThePipeline() throws IOException {
    arithmetic =
        SyntheticCorpus.write(
            dir.resolve("arithmetic"), 30, seed -> SyntheticCorpus.arithmetic(20, seed));
    arithmeticValidation =
        SyntheticCorpus.write(
            dir.resolve("arithmetic-validation"),
            4,
            seed -> SyntheticCorpus.arithmetic(20, 1000 + seed));
    prose =
        SyntheticCorpus.write(dir.resolve("prose"), 30, seed -> SyntheticCorpus.prose(12, seed));
    publicMix =
        SyntheticCorpus.write(
            dir.resolve("public"),
            30,
            seed ->
                SyntheticCorpus.arithmetic(4, 500 + seed) + SyntheticCorpus.prose(4, 500 + seed));
    tokenizer = dir.resolve("tokenizer.json");
    publicModel = dir.resolve("public-model");
    arithmeticExpert = dir.resolve("arithmetic-expert");
    proseExpert = dir.resolve("prose-expert");
    merged = dir.resolve("merged");

    tokenizerRun =
        succeed("tokenizer train --corpus %s --vocab-size 320 --out %s", publicMix, tokenizer);
    publicRun =
        succeed(
            "train public --corpus %s --tokenizer %s --preset micro --steps 40 --out %s",
            publicMix, tokenizer, publicModel);
    arithmeticRun =
        succeed(
            "train expert --public %s --corpus %s --validation %s --domain arithmetic"
                + " --owner calculators --steps 30 --out %s",
            publicModel, arithmetic, arithmeticValidation, arithmeticExpert);
    succeed(
        "train expert --public %s --corpus %s --domain prose --steps 30 --out %s",
        publicModel, prose, proseExpert);
    mergeRun =
        succeed(
            "merge --public %s --expert %s --expert %s --name demo --out %s",
            publicModel, arithmeticExpert, proseExpert, merged);
  }

  static Cli.Run succeed(String command, Object... values) {
    Cli.Run run = Cli.run(command, values);
    assertThat(run.exitCode()).as("%s", run).isZero();
    return run;
  }

  @Test
  void eachStepSaysWhatItWrote() {
    assertThat(tokenizerRun.out()).contains("wrote tokenizer " + tokenizer, "320 tokens");
    assertThat(publicRun.out())
        .contains("wrote public model " + publicModel, HfCheckpoint.digest(publicModel));
    assertThat(publicRun.err()).as("the progress bar").contains("40/40", "loss", "tok/s");
    assertThat(arithmeticRun.out())
        .contains(
            "wrote expert 'arithmetic' to " + arithmeticExpert,
            "digest      " + ExpertArtifact.open(arithmeticExpert).digest(),
            "anchor      " + HfCheckpoint.digest(publicModel),
            "validation",
            "bits/byte");
    assertThat(mergeRun.out()).contains("demo v1", "3 experts", "top-2", "arithmetic", "prose");
  }

  @Test
  void evalReportsBitsPerByteAndRoutingAndHonoursExclude() {
    Cli.Run all = succeed("eval --model %s --corpus %s", merged, arithmeticValidation);
    Cli.Run without =
        succeed("eval --model %s --corpus %s --exclude arithmetic", merged, arithmeticValidation);

    Path mergedWithoutArithmetic = dir.resolve("merged-without-arithmetic");
    succeed(
        "merge --public %s --expert %s --name demo --top-k 2 --out %s",
        publicModel, proseExpert, mergedWithoutArithmetic);
    Cli.Run neverMerged =
        succeed("eval --model %s --corpus %s", mergedWithoutArithmetic, arithmeticValidation);

    assertThat(all.out()).contains("bits/byte", "tokens", "bytes", "layer 0", "layer 1");
    // Switching an expert off is the same model as never merging it.
    assertThat(bitsPerByte(without)).isCloseTo(bitsPerByte(neverMerged), within(1e-4));
    // The arithmetic expert was trained on this domain, so switching it off costs bits.
    assertThat(bitsPerByte(without)).isGreaterThan(bitsPerByte(all));
    assertThat(routingShares(without, "arithmetic")).containsOnly(0.0);
    assertThat(routingShares(all, "arithmetic")).doesNotContain(0.0);
    assertThat(routingShares(all, "public")).containsOnly(100.0);
  }

  @Test
  void generateGivesTheSameTextForTheSameSeed() {
    String command = "generate --model %s --prompt %s --max-tokens 20 --temperature 0.8 --seed 7";
    Cli.Run first = succeed(command, merged, "12 + 30 =");
    Cli.Run second = succeed(command, merged, "12 + 30 =");

    assertThat(first.out()).isNotBlank().isEqualTo(second.out());
    assertThat(succeed("generate --model %s --prompt %s --only prose", merged, "the cat").out())
        .isNotBlank();
  }

  @Test
  void inspectDescribesCheckpointsArtifactsAndTensorFiles() {
    Cli.Run checkpoint = succeed("inspect %s", merged);
    Cli.Run expert = succeed("inspect %s", arithmeticExpert);
    Cli.Run tensors = succeed("inspect %s", merged.resolve(HfCheckpoint.WEIGHTS));

    assertThat(checkpoint.out())
        .contains("2 layers", "3, top-2", "parameters", HfCheckpoint.digest(merged), "demo v1")
        .contains("arithmetic", "prose", HfCheckpoint.digest(publicModel));
    assertThat(expert.out())
        .contains("domain      arithmetic", "owner       calculators", "validationBitsPerByte")
        .contains("anchor      " + HfCheckpoint.digest(publicModel));
    assertThat(tensors.out())
        .contains("format", "model.layers.1.mlp.gate.weight", "F32", "[3, 64]");
  }

  @Test
  void aDenseDomainModelIsACheckpointLikeThePublicOne() {
    Path dense = dir.resolve("prose-dense");
    Cli.Run run =
        succeed(
            "train dense --public %s --corpus %s --steps 3 --out %s", publicModel, prose, dense);

    assertThat(run.out()).contains("wrote dense model " + dense, HfCheckpoint.digest(dense));
    assertThat(succeed("eval --model %s --corpus %s", dense, prose).out())
        .contains("bits/byte", "public    100.0");
  }

  @Test
  void allParametersTrainsAttentionTooAndTheFfnOnlyModelLeavesItAlone() throws IOException {
    Path ffnOnly = dir.resolve("prose-dense-ffn");
    Path all = dir.resolve("prose-dense-all");
    succeed("train dense --public %s --corpus %s --steps 3 --out %s", publicModel, prose, ffnOnly);
    succeed(
        "train dense --all-parameters --public %s --corpus %s --steps 3 --out %s",
        publicModel, prose, all);

    String attention = TensorNames.attention(0, 'q');
    byte[] original = tensorBytes(publicModel, attention);
    assertThat(tensorBytes(ffnOnly, attention)).isEqualTo(original);
    assertThat(tensorBytes(all, attention)).isNotEqualTo(original);
  }

  private static byte[] tensorBytes(Path checkpoint, String name) throws IOException {
    return new SafetensorsReader()
        .read(checkpoint.resolve(HfCheckpoint.WEIGHTS))
        .tensor(name)
        .toByteArray();
  }

  @Test
  void exportAndImportKeepEveryTensorBitForBit() throws IOException {
    Path hf = dir.resolve("hf");
    Path back = dir.resolve("imported");
    succeed("export-hf --model %s --out %s", merged, hf);
    succeed("import-hf --from %s --out %s", hf, back);

    try (Stream<Path> files = Files.list(hf)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactlyInAnyOrder(
              HfCheckpoint.CONFIG, HfCheckpoint.WEIGHTS, HfCheckpoint.TOKENIZER);
    }
    SafetensorsFile original = new SafetensorsReader().read(merged.resolve(HfCheckpoint.WEIGHTS));
    SafetensorsFile imported = new SafetensorsReader().read(back.resolve(HfCheckpoint.WEIGHTS));
    assertThat(imported.names()).isEqualTo(original.names());
    for (SafetensorsTensor tensor : original.tensors()) {
      SafetensorsTensor copy = imported.tensor(tensor.name());
      assertThat(copy.dtype()).isEqualTo(tensor.dtype());
      assertThat(copy.shape()).isEqualTo(tensor.shape());
      assertThat(Arrays.equals(copy.toByteArray(), tensor.toByteArray()))
          .as(tensor.name())
          .isTrue();
    }
    assertThat(HfCheckpoint.digest(back)).isEqualTo(HfCheckpoint.digest(merged));
  }

  @Test
  void anUnknownExpertNameIsOneLine() {
    Cli.Run run = Cli.run("eval --model %s --corpus %s --exclude poetry", merged, prose);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines())
        .containsExactly("flexmoe: no expert 'poetry'; this model has public, arithmetic, prose");
  }

  @Test
  void anExpertOfAnotherPublicModelDoesNotMerge() {
    Path otherPublic = dir.resolve("other-public");
    succeed(
        "train public --corpus %s --tokenizer %s --preset micro --steps 2 --init-seed 9 --out %s",
        publicMix, tokenizer, otherPublic);

    Cli.Run run =
        Cli.run(
            "merge --public %s --expert %s --out %s",
            otherPublic, arithmeticExpert, dir.resolve("never"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0))
        .startsWith("flexmoe: expert 'arithmetic' was trained against another public model");
    assertThat(dir.resolve("never")).doesNotExist();
  }

  @Test
  void anOwnerKeySignsAnExpertAndTheSignatureVerifiesOnlyForItsBytes() throws IOException {
    Path owner = dir.resolve("owner");
    succeed("expert keygen --out %s", owner);
    assertThat(Files.getPosixFilePermissions(dir.resolve("owner.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    Path copy = dir.resolve("signed-expert");
    Files.createDirectories(copy);
    for (String file : new String[] {"expert.json", "expert.safetensors"}) {
      Files.copy(arithmeticExpert.resolve(file), copy.resolve(file));
    }

    succeed("expert sign --key %s %s", dir.resolve("owner.key"), copy);

    byte[] publicKey = ExpertSignatures.parsePublicKey(Files.readString(dir.resolve("owner.pub")));
    byte[] signature =
        Base64.getDecoder().decode(Files.readString(copy.resolve("expert.sig")).strip());
    byte[] manifest = Files.readAllBytes(copy.resolve("expert.json"));
    String digest = ExpertArtifact.open(copy).digest();
    assertThat(
            ExpertSignatures.verifies(
                publicKey, ExpertSignatures.message(manifest, digest), signature))
        .isTrue();
    byte[] otherManifest =
        (new String(manifest, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
    assertThat(
            ExpertSignatures.verifies(
                publicKey, ExpertSignatures.message(otherManifest, digest), signature))
        .isFalse();
  }

  @Test
  void aTruncatedTensorFileIsOneLine() throws IOException {
    byte[] whole = Files.readAllBytes(arithmeticExpert.resolve("expert.safetensors"));
    Path truncated = dir.resolve("truncated.safetensors");
    Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));

    Cli.Run run = Cli.run("inspect %s", truncated);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0)).startsWith("flexmoe: ").contains("byte buffer");
  }

  @Test
  void importRefusesAConfigThatIsNotFlexOlmo() throws IOException {
    Path llama = dir.resolve("llama");
    Files.createDirectories(llama);
    for (String file : new String[] {HfCheckpoint.WEIGHTS, HfCheckpoint.TOKENIZER}) {
      Files.copy(publicModel.resolve(file), llama.resolve(file));
    }
    String config = Files.readString(publicModel.resolve(HfCheckpoint.CONFIG));
    Files.writeString(
        llama.resolve(HfCheckpoint.CONFIG), config.replace("\"flex_olmo\"", "\"llama\""));

    Cli.Run run = Cli.run("import-hf --from %s --out %s", llama, dir.resolve("llama-imported"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines())
        .containsExactly(
            "flexmoe: invalid FlexOlmo config: model_type must be 'flex_olmo' but is 'llama'");
  }

  private static double bitsPerByte(Cli.Run eval) {
    Matcher matcher = Pattern.compile("bits/byte +([0-9.]+)").matcher(eval.out());
    assertThat(matcher.find()).as(eval.out()).isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  /** The routing table's row of one expert: percent per layer. */
  private static double[] routingShares(Cli.Run eval, String expert) {
    for (String line : eval.out().split("\n")) {
      String[] cells = line.trim().split(" +");
      if (cells[0].equals(expert)) {
        return Arrays.stream(cells).skip(1).mapToDouble(Double::parseDouble).toArray();
      }
    }
    throw new AssertionError("no routing row for " + expert + " in\n" + eval.out());
  }
}
