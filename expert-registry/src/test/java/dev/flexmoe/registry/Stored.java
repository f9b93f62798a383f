package dev.flexmoe.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * What an upload can leave behind: public model and file rows, expert rows, history rows, outbox
 * rows and blob files (temporary ones included).
 */
record Stored(
    long publicModels,
    long publicModelFiles,
    long experts,
    long stateChanges,
    long outboxEvents,
    long blobs) {

  static Stored in(DataSource dataSource) throws SQLException, IOException {
    try (Connection connection = dataSource.getConnection()) {
      return new Stored(
          count(connection, "public_model"),
          count(connection, "public_model_file"),
          count(connection, "expert"),
          count(connection, "expert_state_change"),
          count(connection, "outbox_event"),
          blobFiles());
    }
  }

  /** This, and one registration more: its row, its first history step, its event and its blob. */
  Stored plusOneRegistration() {
    return new Stored(
        publicModels, publicModelFiles, experts + 1, stateChanges + 1, outboxEvents + 1, blobs + 1);
  }

  /** This, and one public model more: its row, a row per file and {@code newBlobs} blobs. */
  Stored plusOnePublicModel(long files, long newBlobs) {
    return new Stored(
        publicModels + 1,
        publicModelFiles + files,
        experts,
        stateChanges,
        outboxEvents,
        blobs + newBlobs);
  }

  private static long count(Connection connection, String table) throws SQLException {
    try (ResultSet result =
        connection.createStatement().executeQuery("select count(*) from " + table)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static long blobFiles() throws IOException {
    Path root = Path.of("target/test-blobs");
    if (!Files.exists(root)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).count();
    }
  }
}
