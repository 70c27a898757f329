package io.stancewatch.ingest.statements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * {@code sourceUrl} is first read by position, and only what that does not accept is left to
 * {@link URI}: for URL-like text, right or wrong in every part, the answer is the one
 * {@code URI} alone gives, and the read by position never accepts what {@code URI} refuses.
 */
class SourceUrlCheckPropertyTest {

  @Property(tries = 5000)
  void acceptsWhatUriAccepts(@ForAll("urlLike") String value) {
    boolean plain = StatementRules.isPlainHttpUrl(value);
    Statistics.collect(plain ? "read by position" : "left to URI");
    Statistics.coverage(checker -> checker.check("read by position").percentage(p -> p > 5));
    assertEquals(byUri(value), StatementRules.isHttpUrl(value), value);
    if (plain) {
      assertTrue(byUri(value), value);
    }
  }

  @Test
  void theUrlsStatementsCiteAreReadByPosition() {
    for (String url : List.of("https://www.aljazeera.com/news/2025/2/13/no-nato-seat-or-us-troops",
        "http://example.org", "HTTPS://Example.ORG:8443/a/b?c=d&e=f%20g#h", "https://a.b-c.org/~x/(y)*;z=1,2?q=a/b?c")) {
      assertTrue(StatementRules.isPlainHttpUrl(url), url);
    }
    for (String url : List.of("https://1.2.3.4/", "https://user@example.org/", "https://[::1]/", "https://example.org/é")) {
      assertFalse(StatementRules.isPlainHttpUrl(url), url);
      assertTrue(StatementRules.isHttpUrl(url), url);
    }
  }

  /** Mostly well-formed, so that both ways of reading are exercised; every part can also be wrong. */
  @Provide
  Arbitrary<String> urlLike() {
    Arbitrary<String> scheme = mostly(Arbitraries.of("http://", "https://", "HTTP://", "hTtPs://"),
        Arbitraries.of("ftp://", "http:/", "http:", "https//", "", "mailto:"));
    Arbitrary<String> label = mostly(Arbitraries.of("example", "org", "a", "b-c", "a1", "xn--p1ai", "A"),
        Arbitraries.of("-a", "a-", "1a", "123", "0", "", "é", "a_b"));
    Arbitrary<String> host = label.list().ofMinSize(1).ofMaxSize(4).map(labels -> String.join(".", labels));
    Arbitrary<String> port = Arbitraries.of("", "", "", ":80", ":8443", ":", ":123456", ":x", ":99999");
    Arbitrary<String> part = mostly(
        Arbitraries.of("/", "/a", "/news/2025", "?", "?q=1&r=2", "#", "#f", "/%41", "%20", ":", ";", "~", "'", "(", ")",
            "*", "!", "$", ",", "+", "=", "@", "-", "_", "."),
        Arbitraries.of("%2", "%zz", " ", "[", "]", "|", "é", "\"", "<", "\\", "^", "`", "{", "\t"));
    Arbitrary<String> rest = part.list().ofMaxSize(6).map(parts -> String.join("", parts));
    Arbitrary<String> userInfo = Arbitraries.of("", "", "", "", "", "user@", "u:p@");
    Arbitrary<String> ip = Arbitraries.of("1.2.3.4", "256.1.1.1", "[::1]", "[::1", "1.2.3");
    Arbitrary<String> authority = Arbitraries.oneOf(host, host, host, ip);
    return Combinators.combine(scheme, userInfo, authority, port, rest)
        .as((s, u, a, p, r) -> s + u + a + p + r);
  }

  /** Nine in ten from {@code good}. */
  private static Arbitrary<String> mostly(Arbitrary<String> good, Arbitrary<String> bad) {
    return Arbitraries.frequencyOf(Tuple.of(9, good), Tuple.of(1, bad));
  }

  /** The check as it was before the read by position: URI's parse alone. */
  private static boolean byUri(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
