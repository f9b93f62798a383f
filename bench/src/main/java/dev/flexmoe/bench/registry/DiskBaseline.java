package dev.flexmoe.bench.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The raw write speed of the file system: the artifacts' bytes as files, each forced to disk. */
final class DiskBaseline {

  private DiskBaseline() {}

  static double writeSeconds(Path dir, List<BenchArtifacts.Artifact> artifacts, int concurrency)
      throws Exception {
    Files.createDirectories(dir);
    ExecutorService writers = Executors.newFixedThreadPool(concurrency);
    long start = System.nanoTime();
    List<Future<?>> writes = new ArrayList<>();
    for (int i = 0; i < artifacts.size(); i++) {
      Path file = dir.resolve("blob-" + i);
      byte[] bytes = artifacts.get(i).tensors();
      writes.add(writers.submit(() -> write(file, bytes)));
    }
    for (Future<?> write : writes) {
      write.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    writers.shutdown();
    return seconds;
  }

  private static Void write(Path file, byte[] bytes) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    return null;
  }
}
