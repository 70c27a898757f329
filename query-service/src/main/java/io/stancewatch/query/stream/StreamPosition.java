package io.stancewatch.query.stream;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where a change stream stands: per partition of {@code stancewatch.stance-changes}, the
 * offset of the next change to send. It is each event's SSE {@code id}, so a client that
 * reconnects with {@code Last-Event-ID} (to any query-service instance: offsets are the
 * topic's) gets every later change once, none twice. Written {@code 0-12.1-7}.
 */
final class StreamPosition {

  private final Map<Integer, Long> next;

  private StreamPosition(Map<Integer, Long> next) {
    this.next = next;
  }

  static StreamPosition beginning() {
    return new StreamPosition(new TreeMap<>());
  }

  /** Before the offsets {@code next}, by partition; at 0 on the partitions it does not name. */
  static StreamPosition at(Map<Integer, Long> next) {
    return new StreamPosition(new TreeMap<>(next));
  }

  /** Parses an id this class wrote; {@link IllegalArgumentException} otherwise. */
  static StreamPosition parse(String id) {
    Map<Integer, Long> next = new TreeMap<>();
    if (!id.isBlank()) {
      for (String part : id.split("\\.")) {
        int dash = part.indexOf('-');
        try {
          next.put(Integer.parseInt(part.substring(0, dash)), Long.parseLong(part.substring(dash + 1)));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
          throw new IllegalArgumentException("not a stream position: " + id, e);
        }
      }
    }
    return new StreamPosition(next);
  }

  /** The offset of the partition's next change to send. */
  long next(int partition) {
    return next.getOrDefault(partition, 0L);
  }

  /** Moves past the change at this topic position. */
  void advancePast(int partition, long offset) {
    next.merge(partition, offset + 1, Math::max);
  }

  String id() {
    return next.entrySet().stream().map(e -> e.getKey() + "-" + e.getValue()).collect(Collectors.joining("."));
  }
}
