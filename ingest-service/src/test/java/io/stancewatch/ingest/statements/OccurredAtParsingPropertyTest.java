package io.stancewatch.ingest.statements;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@code occurredAt} is read by position instead of with {@code OffsetDateTime.parse}: for any
 * text of the RFC 3339 shape, real or not (Feb 30, hour 25, offset +19:00, a leap second), both
 * give the same instant or both refuse it.
 */
class OccurredAtParsingPropertyTest {

  @Property(tries = 3000)
  void readsWhatTheIsoParserReads(@ForAll("dateTimes") String value) {
    assertEquals(iso(value), byPosition(value), value);
  }

  @Provide
  Arbitrary<String> dateTimes() {
    Arbitrary<String> date = Combinators.combine(digits(4), Arbitraries.of("00", "01", "02", "09", "12", "13", "99"),
        Arbitraries.of("00", "01", "28", "29", "30", "31", "32"))
        .as((y, m, d) -> y + "-" + m + "-" + d);
    Arbitrary<String> time = Combinators.combine(Arbitraries.of("00", "09", "23", "24", "25"),
        Arbitraries.of("00", "59", "60"), Arbitraries.of("00", "30", "59", "60", "61"))
        .as((h, m, s) -> h + ":" + m + ":" + s);
    Arbitrary<String> fraction = Arbitraries.integers().between(0, 9).flatMap(n -> n == 0 ? Arbitraries.just("")
        : digits(n).map(f -> "." + f));
    Arbitrary<String> offset = Arbitraries.oneOf(Arbitraries.of("Z", "z"),
        Combinators.combine(Arbitraries.of("+", "-"), Arbitraries.of("00", "01", "05", "14", "17", "18", "19", "23", "24", "99"),
            Arbitraries.of("00", "30", "45", "59", "60", "99")).as((s, h, m) -> s + h + ":" + m));
    return Combinators.combine(date, Arbitraries.of("T", "t"), time, fraction, offset)
        .as((d, t, tm, f, o) -> d + t + tm + f + o);
  }

  private static Arbitrary<String> digits(int count) {
    return Arbitraries.strings().withCharRange('0', '9').ofLength(count);
  }

  private static String iso(String value) {
    try {
      return OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)).toInstant().toString();
    } catch (DateTimeParseException e) {
      return "refused";
    }
  }

  private static String byPosition(String value) {
    try {
      return StatementRules.parseInstant(value).toString();
    } catch (DateTimeException e) {
      return "refused";
    }
  }
}
