package io.stancewatch.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The read-your-writes token of contract section 3: for each partition of
 * {@code stancewatch.statements} a write landed on, the offset of its last record. Opaque to
 * users (base64url of {@code v1:partition:offset,...}); a view that has folded the statement
 * log past these offsets includes the write.
 */
public record ConsistencyToken(Map<Integer, Long> offsets) {

  private static final String VERSION = "v1:";

  public ConsistencyToken {
    offsets = Collections.unmodifiableMap(new TreeMap<>(offsets));
  }

  /** The token covering both writes: per partition, the later offset. */
  public ConsistencyToken merge(ConsistencyToken other) {
    Map<Integer, Long> merged = new TreeMap<>(offsets);
    other.offsets.forEach((p, o) -> merged.merge(p, o, Math::max));
    return new ConsistencyToken(merged);
  }

  public String encode() {
    String plain = VERSION + offsets.entrySet().stream()
        .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses a token; {@link IllegalArgumentException} when it is not one this version wrote. */
  public static ConsistencyToken decode(String token) {
    String plain;
    try {
      plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a consistency token", e);
    }
    if (!plain.startsWith(VERSION) || plain.length() == VERSION.length()) {
      throw new IllegalArgumentException("not a consistency token");
    }
    Map<Integer, Long> offsets = new TreeMap<>();
    for (String pair : plain.substring(VERSION.length()).split(",")) {
      String[] parts = pair.split(":");
      try {
        if (parts.length != 2) {
          throw new NumberFormatException(pair);
        }
        offsets.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a consistency token", e);
      }
    }
    return new ConsistencyToken(offsets);
  }
}
