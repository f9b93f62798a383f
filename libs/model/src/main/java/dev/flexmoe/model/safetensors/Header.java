package dev.flexmoe.model.safetensors;

import java.util.List;
import java.util.Map;

/**
 * A parsed header, checked for form (JSON types, field names, duplicate keys, tensor names) but not
 * yet against the reader's policy or the byte buffer.
 */
record Header(Map<String, String> metadata, List<Entry> entries) {

  /** One tensor's entry; {@code dtype} is the name as written, which may be unknown. */
  record Entry(String name, String dtype, long[] shape, long begin, long end) {}
}
