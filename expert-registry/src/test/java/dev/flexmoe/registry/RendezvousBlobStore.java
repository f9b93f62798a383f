package dev.flexmoe.registry;

import dev.flexmoe.registry.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A blob store that holds each commit until {@code parties} of them have come: concurrent uploads
 * are then all past their checks, none committed, when they go on, which makes their race certain
 * instead of likely.
 */
final class RendezvousBlobStore implements BlobStore {

  private final BlobStore store;
  private final CyclicBarrier rendezvous;

  RendezvousBlobStore(BlobStore store, int parties) {
    this.store = store;
    this.rendezvous = new CyclicBarrier(parties);
  }

  @Override
  public Staged stage(InputStream bytes) throws IOException {
    Staged staged = store.stage(bytes);
    return new Staged() {
      @Override
      public String sha256() {
        return staged.sha256();
      }

      @Override
      public long size() {
        return staged.size();
      }

      @Override
      public Path file() {
        return staged.file();
      }

      @Override
      public void commit() throws IOException {
        awaitTheOthers();
        staged.commit();
      }

      @Override
      public void close() throws IOException {
        staged.close();
      }
    };
  }

  @Override
  public Optional<Blob> find(String sha256) throws IOException {
    return store.find(sha256);
  }

  @Override
  public boolean delete(String sha256) throws IOException {
    return store.delete(sha256);
  }

  @Override
  public void probe() throws IOException {
    store.probe();
  }

  private void awaitTheOthers() throws IOException {
    try {
      rendezvous.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the other uploads");
    } catch (BrokenBarrierException | TimeoutException e) {
      throw new IOException("the other uploads never reached the blob store", e);
    }
  }
}
