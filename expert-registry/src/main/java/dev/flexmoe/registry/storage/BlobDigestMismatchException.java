package dev.flexmoe.registry.storage;

import java.io.IOException;

/** The bytes handed to the store do not have the digest they were stored under. */
public class BlobDigestMismatchException extends IOException {

  public BlobDigestMismatchException(String expected, String actual) {
    super("the bytes have SHA-256 " + actual + ", not " + expected);
  }
}
