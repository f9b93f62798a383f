package dev.flexmoe.bench.reproduce;

import dev.flexmoe.model.safetensors.SafetensorsFile;
import dev.flexmoe.model.safetensors.SafetensorsReader;
import dev.flexmoe.model.safetensors.SafetensorsTensor;
import dev.flexmoe.model.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Each domain's embedding in the public model's space, stored once for the steps that use it. */
final class DomainEmbeddings {

  private static final String FILE = "embeddings.safetensors";

  private DomainEmbeddings() {}

  static void write(Map<String, float[]> embeddings, Path dir) {
    SafetensorsWriter writer = new SafetensorsWriter();
    int order = 0;
    for (var embedding : embeddings.entrySet()) {
      // the index keeps the domains' order through the writer's name sorting
      writer.putF32(
          String.format("%02d-%s", order++, embedding.getKey()),
          new long[] {embedding.getValue().length},
          embedding.getValue());
    }
    try {
      writer.write(dir.resolve(FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
    }
  }

  static Map<String, float[]> read(Path dir) {
    try {
      SafetensorsFile file = new SafetensorsReader().read(dir.resolve(FILE));
      Map<String, float[]> embeddings = new LinkedHashMap<>();
      for (SafetensorsTensor tensor : file.tensors()) {
        embeddings.put(tensor.name().substring(3), tensor.toFloatArray());
      }
      return embeddings;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(FILE), e);
    }
  }
}
