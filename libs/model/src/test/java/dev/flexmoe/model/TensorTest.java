package dev.flexmoe.model;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of tests that make tensors: each test gets a fresh manager, closed after it with every
 * tensor it made.
 */
public abstract class TensorTest {

  protected NDManager manager;

  @BeforeEach
  protected void openManager() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  protected void closeManager() {
    manager.close();
  }
}
