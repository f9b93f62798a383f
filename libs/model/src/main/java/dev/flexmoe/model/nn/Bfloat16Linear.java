package dev.flexmoe.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;

/**
 * {@code x W^T} with both operands rounded to bfloat16, products summed in float32 and the result
 * rounded to bfloat16, as {@code torch.autocast} does on a CPU; float32 in and out. It runs in
 * TorchScript because DJL's PyTorch engine can neither hold nor cast to bfloat16 tensors (its JNI
 * knows no such type: a cast aborts the process).
 */
final class Bfloat16Linear {

  private static final class Module {
    static final PtSymbolBlock LINEAR =
        TorchScriptModules.load("bfloat16-linear.torchscript", "Bfloat16Linear");
  }

  private Bfloat16Linear() {}

  /**
   * @param x [..., in] float32
   * @param weight [out, in] float32
   * @return [..., out] float32, in {@code x}'s manager; differentiable where autograd records
   */
  static NDArray linear(NDArray x, NDArray weight) {
    // run as training: inference mode would make tensors that autograd refuses to save
    return IValueUtils.forward(Module.LINEAR, new NDList(x, weight), true).singletonOrThrow();
  }
}
