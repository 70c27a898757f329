package io.stancewatch.query.api;

import io.stancewatch.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The opaque {@code cursor} of a paged list: the sort key of the last item of the previous
 * page. A page starts strictly after it, so items added meanwhile never shift a page.
 *
 * <p>The parts are joined by line feeds; a part may hold any text (a display name can hold a
 * line feed), so a line feed or backslash in a part is escaped with a backslash. Slugs, dates
 * and statement ids hold neither, so their cursors read as plain joined parts.
 */
final class PageCursor {

  static final String PARAMETER = "cursor";

  private PageCursor() {}

  static String encode(String... key) {
    List<String> escaped = new ArrayList<>(key.length);
    for (String part : key) {
      escaped.add(part.replace("\\", "\\\\").replace("\n", "\\n"));
    }
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(String.join("\n", escaped).getBytes(StandardCharsets.UTF_8));
  }

  /** The key's parts, or null when there is no cursor; a 400 naming the parameter when it is not one of ours. */
  static List<String> decode(String cursor, int parts) {
    if (cursor == null) {
      return null;
    }
    try {
      List<String> key = split(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      if (key != null && key.size() == parts) {
        return key;
      }
    } catch (IllegalArgumentException e) {
      // Reported below, like a cursor of the wrong shape.
    }
    throw invalid();
  }

  /** The unescaped parts; null when an escape does not read. */
  private static List<String> split(String joined) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (int i = 0; i < joined.length(); i++) {
      char c = joined.charAt(i);
      if (c == '\n') {
        parts.add(part.toString());
        part.setLength(0);
      } else if (c != '\\') {
        part.append(c);
      } else if (i + 1 < joined.length() && (joined.charAt(i + 1) == '\\' || joined.charAt(i + 1) == 'n')) {
        part.append(joined.charAt(++i) == 'n' ? '\n' : '\\');
      } else {
        return null;
      }
    }
    parts.add(part.toString());
    return parts;
  }

  static ProblemException invalid() {
    return invalid("must be the 'next' value of a previous page");
  }

  static ProblemException invalid(String message) {
    return ProblemException.invalid(PARAMETER, message);
  }
}
