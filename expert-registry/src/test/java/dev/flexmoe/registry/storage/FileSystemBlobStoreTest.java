package dev.flexmoe.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flexmoe.model.artifact.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest {

  @TempDir Path dir;

  @Test
  void storedBytesComeBackWholeAndInRanges() throws IOException {
    byte[] bytes = randomBytes(100_000);
    Path source = Files.write(dir.resolve("upload"), bytes);
    BlobStore store = new FileSystemBlobStore(dir.resolve("store"));
    store.put(source, Digests.sha256(bytes));
    store.put(source, Digests.sha256(bytes));

    BlobStore.Blob blob = store.find(Digests.sha256(bytes)).orElseThrow();
    assertThat(blob.size()).isEqualTo(bytes.length);
    try (InputStream in = blob.open(0, bytes.length)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    try (InputStream in = blob.open(1000, 500)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 1000, 1500));
    }
    assertThat(files(dir.resolve("store"))).hasSize(1);
  }

  @Test
  void bytesWithAnotherDigestAreNotStoredAtAll() throws IOException {
    byte[] bytes = randomBytes(1000);
    Path source = Files.write(dir.resolve("upload"), bytes);
    BlobStore store = new FileSystemBlobStore(dir.resolve("store"));
    String claimed = Digests.sha256(new byte[] {1, 2, 3});

    assertThatThrownBy(() -> store.put(source, claimed))
        .isInstanceOf(BlobDigestMismatchException.class)
        .hasMessageContaining(Digests.sha256(bytes));
    assertThat(store.find(claimed)).isEmpty();
    assertThat(files(dir.resolve("store"))).isEmpty();
  }

  @Test
  void aPartialFileLeftByACrashIsRemovedAtStartAndNeverVisible() throws IOException {
    Path root = dir.resolve("store");
    new FileSystemBlobStore(root);
    Files.write(root.resolve("tmp").resolve("abcd.partial"), new byte[10]);

    BlobStore store = new FileSystemBlobStore(root);
    assertThat(files(root)).isEmpty();
    assertThat(store.find(Digests.sha256(new byte[10]))).isEmpty();
  }

  @Test
  void deleteRemovesTheBlobAndAProbeLeavesNothing() throws IOException {
    byte[] bytes = randomBytes(10);
    BlobStore store = new FileSystemBlobStore(dir.resolve("store"));
    store.put(Files.write(dir.resolve("upload"), bytes), Digests.sha256(bytes));
    store.probe();

    assertThat(store.delete(Digests.sha256(bytes))).isTrue();
    assertThat(store.delete(Digests.sha256(bytes))).isFalse();
    assertThat(files(dir.resolve("store"))).isEmpty();
  }

  @Test
  void aNameThatIsNoDigestIsRefused() throws IOException {
    BlobStore store = new FileSystemBlobStore(dir.resolve("store"));
    assertThatThrownBy(() -> store.find("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    new Random(count).nextBytes(bytes);
    return bytes;
  }

  private static java.util.List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
