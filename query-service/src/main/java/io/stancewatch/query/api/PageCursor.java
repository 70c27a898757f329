package io.stancewatch.query.api;

import io.stancewatch.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The opaque {@code cursor} of a paged list: the sort key of the last item of the previous
 * page. A page starts strictly after it, so items added meanwhile never shift a page.
 */
final class PageCursor {

  static final String PARAMETER = "cursor";

  private PageCursor() {}

  static String encode(String... key) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(String.join("\n", key).getBytes(StandardCharsets.UTF_8));
  }

  /** The key's parts, or null when there is no cursor; a 400 naming the parameter when it is not one of ours. */
  static List<String> decode(String cursor, int parts) {
    if (cursor == null) {
      return null;
    }
    try {
      List<String> key = List.of(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1));
      if (key.size() == parts) {
        return key;
      }
    } catch (IllegalArgumentException e) {
      // Reported below, like a cursor of the wrong shape.
    }
    throw invalid();
  }

  static ProblemException invalid() {
    return ProblemException.invalid(PARAMETER, "must be the 'next' value of a previous page");
  }
}
