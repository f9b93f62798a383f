package dev.flexmoe.model.safetensors;

/** What is wrong with a safetensors file that {@link SafetensorsReader} refuses. */
public enum Violation {
  /** Fewer than the 8 bytes of the header length. */
  FILE_TOO_SHORT,
  /**
   * The byte buffer does not fit in one Java array (2 GiB), so it cannot be read into memory; a
   * check does not copy it and has no such limit.
   */
  FILE_TOO_LARGE,
  /** The header length points past the end of the file. */
  HEADER_LENGTH_BEYOND_FILE,
  /** The header length is above the reader's limit. */
  HEADER_TOO_LARGE,
  /** The header bytes are not valid UTF-8. */
  HEADER_NOT_UTF8,
  /** The header is not one well-formed JSON value. */
  HEADER_NOT_JSON,
  /** The header is JSON but not an object. */
  HEADER_NOT_OBJECT,
  /** A JSON object in the header has the same key twice. */
  DUPLICATE_KEY,
  /** A tensor name is empty, too long, or holds control characters or unpaired surrogates. */
  INVALID_TENSOR_NAME,
  /** A tensor entry has a field other than dtype, shape and data_offsets. */
  UNKNOWN_FIELD,
  /** A tensor entry lacks dtype, shape or data_offsets. */
  MISSING_FIELD,
  /** A tensor entry, a field or {@code __metadata__} has the wrong JSON type. */
  WRONG_FIELD_TYPE,
  /** The dtype is unknown or not in the reader's allowlist. */
  DTYPE_NOT_ALLOWED,
  /** A shape dimension is negative, not an integer, or beyond a 64-bit integer. */
  INVALID_SHAPE,
  /** The shape's element count times the dtype size is not the tensor's byte length. */
  SIZE_MISMATCH,
  /** data_offsets is not {@code [begin, end]} with non-negative integers and begin <= end. */
  INVALID_OFFSETS,
  /** data_offsets ends past the byte buffer. */
  OFFSETS_OUT_OF_BOUNDS,
  /** Two tensors share bytes. */
  OVERLAPPING_TENSORS,
  /** Bytes between two tensors belong to none. */
  GAP_IN_BUFFER,
  /** Bytes after the last tensor belong to none. */
  TRAILING_BYTES,
  /** A float tensor holds NaN or an infinity. */
  NON_FINITE_VALUE,
  /** A {@code __metadata__} value is not a string. */
  METADATA_VALUE_NOT_STRING
}
