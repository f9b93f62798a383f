package dev.flexmoe.model.tokenizer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a {@link BpeModel} as a Hugging Face {@code tokenizer.json} that the tokenizers library
 * (0.21, inside DJL) loads as is: byte-level pre-tokenizer and decoder, a BPE model with no unknown
 * token, the special tokens as added tokens that are matched before pre-tokenization.
 *
 * <p>Merges are written as {@code "left right"} strings. Tokenizers 0.20 and later also accept
 * {@code ["left", "right"]} pairs, but only the string form loads in every version; it is safe here
 * because a byte-level token never contains a space (the space byte is {@code Ġ}).
 *
 * <p>Fields are written in a fixed order with {@code \n} line ends, so the same model always gives
 * the same bytes.
 */
final class TokenizerJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private TokenizerJson() {}

  static byte[] write(BpeModel model) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      json.setPrettyPrinter(prettyPrinter());
      json.writeStartObject();
      json.writeStringField("version", "1.0");
      json.writeNullField("truncation");
      json.writeNullField("padding");
      writeAddedTokens(json, model);
      json.writeNullField("normalizer");
      writeByteLevel(json, "pre_tokenizer");
      writeByteLevel(json, "post_processor");
      writeByteLevel(json, "decoder");
      writeModel(json, model);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write tokenizer.json to memory", e);
    }
    return out.toByteArray();
  }

  private static void writeAddedTokens(JsonGenerator json, BpeModel model) throws IOException {
    json.writeArrayFieldStart("added_tokens");
    for (int id = 0; id < model.specialTokens().size(); id++) {
      json.writeStartObject();
      json.writeNumberField("id", id);
      json.writeStringField("content", model.specialTokens().get(id));
      json.writeBooleanField("single_word", false);
      json.writeBooleanField("lstrip", false);
      json.writeBooleanField("rstrip", false);
      // Matched on the raw text, before the pre-tokenizer could cut it apart.
      json.writeBooleanField("normalized", false);
      json.writeBooleanField("special", true);
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /**
   * The same settings for the three byte-level steps. The pre-tokenizer's are the ones {@link
   * PreTokenizer} reproduces; the post-processor only trims offsets (adds no token); the decoder
   * ignores them.
   */
  private static void writeByteLevel(JsonGenerator json, String field) throws IOException {
    json.writeObjectFieldStart(field);
    json.writeStringField("type", "ByteLevel");
    json.writeBooleanField("add_prefix_space", false);
    json.writeBooleanField("trim_offsets", true);
    json.writeBooleanField("use_regex", true);
    json.writeEndObject();
  }

  private static void writeModel(JsonGenerator json, BpeModel model) throws IOException {
    json.writeObjectFieldStart("model");
    json.writeStringField("type", "BPE");
    json.writeNullField("dropout");
    json.writeNullField("unk_token");
    json.writeNullField("continuing_subword_prefix");
    json.writeNullField("end_of_word_suffix");
    json.writeBooleanField("fuse_unk", false);
    json.writeBooleanField("byte_fallback", false);
    json.writeBooleanField("ignore_merges", false);
    json.writeObjectFieldStart("vocab");
    for (int id = 0; id < model.tokens().size(); id++) {
      json.writeNumberField(model.tokens().get(id), id);
    }
    json.writeEndObject();
    json.writeArrayFieldStart("merges");
    for (BpeModel.Merge merge : model.merges()) {
      json.writeString(model.tokens().get(merge.left()) + " " + model.tokens().get(merge.right()));
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    return new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
  }
}
