package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Loads the TorchScript modules written beside these classes. A module's source is packed into the
 * archive {@code torch.jit.load} reads (source, an empty constant table, the module's pickled
 * attributes), so no Python is needed to build it; it holds no weights: callers pass tensors in.
 */
final class TorchScriptModules {

  private TorchScriptModules() {}

  /**
   * Loads the module of class {@code __torch__.<className>} from the TorchScript resource {@code
   * source}; it lives as long as the process.
   */
  static PtSymbolBlock load(String source, String className) {
    try (InputStream script = TorchScriptModules.class.getResourceAsStream(source)) {
      if (script == null) {
        throw new IllegalStateException("the TorchScript " + source + " is missing");
      }
      byte[] archive = archive(script.readAllBytes(), className);
      // the module outlives every model: its manager is never closed
      PtNDManager owner = (PtNDManager) NDManager.newBaseManager("PyTorch");
      return JniUtils.loadModule(owner, new ByteArrayInputStream(archive), false, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the TorchScript " + source, e);
    }
  }

  /**
   * The archive for a module of class {@code __torch__.<className>} with no parameters: its source,
   * its pickled attributes ({@code training = True}, pickle protocol 2) and an empty constant
   * table, stored uncompressed under one top-level folder.
   */
  private static byte[] archive(byte[] source, String className) throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.write(new byte[] {(byte) 0x80, 2}); // PROTO 2
    data.write(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII)); // GLOBAL
    data.write(new byte[] {')', (byte) 0x81, '}', '('}); // EMPTY_TUPLE NEWOBJ EMPTY_DICT MARK
    byte[] attribute = "training".getBytes(StandardCharsets.US_ASCII);
    data.write(new byte[] {'X', (byte) attribute.length, 0, 0, 0}); // BINUNICODE
    data.write(attribute);
    data.write(new byte[] {(byte) 0x88, 'u', 'b', '.'}); // NEWTRUE SETITEMS BUILD STOP
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(archive)) {
      stored(zip, "module/data.pkl", data.toByteArray());
      stored(zip, "module/code/__torch__.py", source);
      stored(zip, "module/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
      stored(zip, "module/version", "8\n".getBytes(StandardCharsets.US_ASCII));
    }
    return archive.toByteArray();
  }

  private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(bytes.length);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(bytes);
    zip.closeEntry();
  }
}
