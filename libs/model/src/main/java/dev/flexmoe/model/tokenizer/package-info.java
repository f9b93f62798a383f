/**
 * The tokenizer of flexmoe models: a GPT-2-style byte-level BPE, trained here in Java and run by
 * the Hugging Face tokenizers library through DJL.
 *
 * <pre>{@code
 * new BpeTrainer(4096).train(documents).writeTokenizerJson(path);
 * try (FlexTokenizer tokenizer = FlexTokenizer.load(path)) {
 *   long[] ids = tokenizer.encode(text); // documents joined by tokenizer.eosId()
 * }
 * }</pre>
 *
 * <p>The trainer writes a standard {@code tokenizer.json}, so the same file serves Java (DJL) and
 * Python ({@code tokenizers}, {@code transformers}). DJL bundles the tokenizers library but not its
 * trainer; training here must therefore cut text exactly as the runtime does ({@code
 * PreTokenizer}), which the tests check id for id against the runtime.
 */
package dev.flexmoe.model.tokenizer;
