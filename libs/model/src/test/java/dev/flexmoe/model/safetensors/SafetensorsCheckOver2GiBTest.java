package dev.flexmoe.model.safetensors;

import static dev.flexmoe.model.safetensors.SafetensorsBytes.f32;
import static dev.flexmoe.model.safetensors.SafetensorsBytes.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mapped check on a file larger than any Java array: one F32 tensor of 2.4 GB, more than two
 * mapping windows. The file is sparse, so its zeros (finite F32 values) cost no disk.
 */
class SafetensorsCheckOver2GiBTest {

  private static final long ELEMENTS = 600_000_000L;
  private static final long BYTES = 4 * ELEMENTS;

  /** Far below the 2.4 GB a copy would take; the header and the scan's chunks are kilobytes. */
  private static final long HEAP_LIMIT = 16L << 20;

  private final SafetensorsReader reader = new SafetensorsReader();

  @TempDir Path dir;

  @Test
  void aTensorOf2Point4GbOfZerosPassesWithoutCopyingIt() throws IOException {
    Path big = sparseFile(false);

    long before = allocatedByThisThread();
    SafetensorsIndex index = reader.check(big);
    long allocated = allocatedByThisThread() - before;

    assertThat(index.tensors()).hasSize(1);
    SafetensorsIndex.Tensor tensor = index.tensors().get(0);
    assertThat(tensor.name()).isEqualTo("w");
    assertThat(tensor.dtype()).isEqualTo(Dtype.F32);
    assertThat(tensor.shape()).containsExactly(ELEMENTS);
    assertThat(tensor.begin()).isZero();
    assertThat(tensor.end()).isEqualTo(BYTES);
    assertThat(allocated).as("bytes of heap the check allocated").isLessThan(HEAP_LIMIT);
  }

  @Test
  void aNaNInTheLastFourBytesIsRefusedNamingTheTensorAndTheElement() throws IOException {
    Path big = sparseFile(true);

    long before = allocatedByThisThread();
    SafetensorsFormatException e =
        catchThrowableOfType(SafetensorsFormatException.class, () -> reader.check(big));
    long allocated = allocatedByThisThread() - before;

    assertThat(e).isNotNull();
    assertThat(e.violation()).isEqualTo(Violation.NON_FINITE_VALUE);
    assertThat(e.tensor()).contains("w");
    assertThat(e).hasMessageContaining("tensor 'w' (F32): element " + (ELEMENTS - 1) + " is NaN");
    assertThat(allocated).as("bytes of heap the check allocated").isLessThan(HEAP_LIMIT);
  }

  /** The header, then {@link #BYTES} of zeros that take no disk, optionally ending in a NaN. */
  private Path sparseFile(boolean nanAtTheEnd) throws IOException {
    byte[] prefix =
        file(
            "{'w':{'dtype':'F32','shape':[" + ELEMENTS + "],'data_offsets':[0," + BYTES + "]}}",
            new byte[0]);
    Path path = dir.resolve("big.safetensors");
    try (RandomAccessFile out = new RandomAccessFile(path.toFile(), "rw")) {
      out.write(prefix);
      out.setLength(prefix.length + BYTES);
      if (nanAtTheEnd) {
        out.seek(prefix.length + BYTES - 4);
        out.write(f32(Float.NaN));
      }
    }
    return path;
  }

  private static long allocatedByThisThread() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
