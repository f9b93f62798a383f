package dev.flexmoe.model.validation;

import dev.flexmoe.model.artifact.ExpertArtifact;
import dev.flexmoe.model.artifact.TensorFiles;
import dev.flexmoe.model.artifact.TensorLayout;
import dev.flexmoe.model.safetensors.Dtype;
import dev.flexmoe.model.safetensors.SafetensorsFile;
import dev.flexmoe.model.safetensors.SafetensorsFormatException;
import dev.flexmoe.model.safetensors.SafetensorsReader;
import dev.flexmoe.model.safetensors.SafetensorsTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;

/** The tensor file read strictly, and its tensors held against the expert layout. */
final class TensorChecks {

  /**
   * Strict in everything but the dtype: a tensor of a dtype the model does not load is reported
   * with its name beside every other finding, instead of ending the reading.
   */
  private static final SafetensorsReader READER =
      new SafetensorsReader().withAllowedDtypes(EnumSet.allOf(Dtype.class));

  private TensorChecks() {}

  /** The file's tensors, or null (with a finding) when the strict reader refuses it. */
  static SafetensorsFile read(Path file, ReportBuilder report) {
    try {
      return READER.read(file);
    } catch (SafetensorsFormatException e) {
      FindingCode code =
          switch (e.violation()) {
            case NON_FINITE_VALUE -> FindingCode.NON_FINITE;
            case DTYPE_NOT_ALLOWED -> FindingCode.TENSOR_DTYPE;
            default -> FindingCode.UNREADABLE;
          };
      report.fail(code, subject(e.tensor().orElse(null)), e.getMessage());
      report.skip(
          "tensor checks",
          ExpertArtifact.WEIGHTS + " was refused by the strict reader, so no tensor was examined");
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static void checkStructure(SafetensorsFile file, TensorLayout layout, ReportBuilder report) {
    for (SafetensorsTensor tensor : file.tensors()) {
      if (!TensorFiles.DTYPES.contains(tensor.dtype())) {
        report.fail(
            FindingCode.TENSOR_DTYPE,
            subject(tensor.name()),
            tensor.name() + " is " + tensor.dtype() + "; expected one of " + TensorFiles.DTYPES);
      }
    }
    for (TensorLayout.Mismatch mismatch : layout.mismatches(file, ExpertArtifact.WEIGHTS)) {
      FindingCode code =
          switch (mismatch.kind()) {
            case MISSING -> FindingCode.TENSOR_MISSING;
            case UNEXPECTED -> FindingCode.TENSOR_UNEXPECTED;
            case SHAPE -> FindingCode.TENSOR_SHAPE;
          };
      report.fail(code, subject(mismatch.tensorName()), mismatch.message());
    }
  }

  /** Whether a tensor fits its layout and holds float values, so its numbers can be compared. */
  static boolean comparable(SafetensorsTensor tensor, TensorLayout layout) {
    return TensorFiles.DTYPES.contains(tensor.dtype())
        && Arrays.equals(layout.shape(tensor.name()), tensor.shape());
  }

  static String subject(String tensor) {
    return tensor == null ? ExpertArtifact.WEIGHTS : ExpertArtifact.WEIGHTS + "/" + tensor;
  }
}
