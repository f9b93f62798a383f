package dev.flexmoe.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flexmoe.model.artifact.Digests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
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
  void stagedBytesAreHashedOnTheWayAndComeBackWholeAndInRangesOnceCommitted() throws IOException {
    byte[] bytes = randomBytes(1_000_000);
    BlobStore store = new FileSystemBlobStore(dir.resolve("store"));
    try (BlobStore.Staged staged = store.stage(new ByteArrayInputStream(bytes))) {
      assertThat(staged.sha256()).isEqualTo(Digests.sha256(bytes));
      assertThat(staged.size()).isEqualTo(bytes.length);
      assertThat(Files.readAllBytes(staged.file())).isEqualTo(bytes);
      assertThat(store.find(Digests.sha256(bytes))).isEmpty();
      staged.commit();
    }
    try (BlobStore.Staged again = store.stage(new ByteArrayInputStream(bytes))) {
      again.commit();
    }

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
  void stagedBytesThatAreNotCommittedLeaveNothing() throws IOException {
    byte[] bytes = randomBytes(1000);
    BlobStore store = new FileSystemBlobStore(dir.resolve("store"));
    try (BlobStore.Staged staged = store.stage(new ByteArrayInputStream(bytes))) {
      assertThat(files(dir.resolve("store"))).containsExactly(staged.file());
    }

    assertThat(store.find(Digests.sha256(bytes))).isEmpty();
    assertThat(files(dir.resolve("store"))).isEmpty();
  }

  @Test
  void aStreamThatFailsMidwayLeavesNothing() throws IOException {
    BlobStore store = new FileSystemBlobStore(dir.resolve("store"));
    InputStream failing =
        new SequenceInputStream(
            new ByteArrayInputStream(randomBytes(500_000)),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("the client went away");
              }
            });

    assertThatThrownBy(() -> store.stage(failing)).hasMessage("the client went away");
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
    try (BlobStore.Staged staged = store.stage(new ByteArrayInputStream(bytes))) {
      staged.commit();
    }
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
