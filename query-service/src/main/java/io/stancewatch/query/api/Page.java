package io.stancewatch.query.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One page of a list answer ({@code /actors}, {@code /topics}, {@code /changes}): the items,
 * and in {@code next} the cursor of the following page, null on the last one.
 */
@Introspected
public record Page<T>(List<T> items, @Nullable String next) {

  /** Items per page when {@code limit} is not given (contract section 5). */
  static final int DEFAULT_SIZE = 100;
  /** The largest {@code limit} a list takes. */
  static final int MAX_SIZE = 1000;

  /** The first {@code size} of {@code sorted} (the items after the cursor, in list order). */
  static <T> Page<T> of(Stream<T> sorted, int size, Function<T, String[]> keyOf) {
    List<T> fetched = sorted.limit(size + 1L).toList();
    return fetched.size() <= size ? new Page<>(fetched, null)
        : new Page<>(fetched.subList(0, size), PageCursor.encode(keyOf.apply(fetched.get(size - 1))));
  }

  <R> Page<R> map(Function<T, R> mapper) {
    return new Page<>(items.stream().map(mapper).toList(), next);
  }
}
