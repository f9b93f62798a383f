package dev.flexmoe.model.artifact;

/** A tensor file that does not hold the tensors its reader expects. */
public class TensorLayoutException extends MergeException {

  private final String tensorName;

  public TensorLayoutException(String tensorName, String message) {
    super(message);
    this.tensorName = tensorName;
  }

  /** The first tensor found missing, unexpected or misshapen. */
  public String tensorName() {
    return tensorName;
  }
}
