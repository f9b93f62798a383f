package dev.flexmoe.registry.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The blob store the registry uses: files under {@code registry.blobs.root}. */
public class BlobStoreProducer {

  @Produces
  @ApplicationScoped
  BlobStore blobStore(@ConfigProperty(name = "registry.blobs.root") String root)
      throws IOException {
    return new FileSystemBlobStore(Path.of(root));
  }
}
