package io.stancewatch.query.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.domain.StoredActor.Identity;
import io.stancewatch.events.ActorKind;
import io.stancewatch.events.Stance;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The view's orders and blocs, kept as records arrive, for any sequence of records: after each
 * one, every order lists the actors the view holds as sorting them from scratch does, and each
 * actor's bloc is what its pairs say, read from scratch.
 */
class ActorOrderPropertyTest {

  private static final List<String> ACTORS = List.of("a", "b", "c", "d");
  private static final List<String> TOPICS = List.of("t1", "t2", "t3");
  /** Names that tie ignoring case, and one that sorts before a slug. */
  private static final List<String> NAMES = List.of("Bea", "bea", "Ann", "zz");
  private static final Instant T0 = Instant.parse("2025-02-12T10:00:00Z");

  /** A record of {@code stancewatch.actors}: null name and kind as given; {@code tombstone} forgets both. */
  record IdentityRecord(String actor, String name, ActorKind kind, boolean tombstone) {}

  /**
   * A record of {@code stancewatch.stances}: a tombstone, a pair with every statement retracted, or
   * one whose current statement was said at one of few instants, made via or on behalf of another.
   */
  record PairRecord(String actor, String topic, int shape, int minutes, String other) {}

  @Provide
  Arbitrary<List<Object>> records() {
    Arbitrary<IdentityRecord> identities = Combinators.combine(Arbitraries.of(ACTORS),
        Arbitraries.of(NAMES).injectNull(0.3), Arbitraries.of(ActorKind.class).injectNull(0.3),
        Arbitraries.integers().between(0, 9).map(i -> i < 3))
        // stancewatch.actors holds a name or a kind, or a tombstone: never a record of neither.
        .as((actor, name, kind, tombstone) -> new IdentityRecord(actor, name, kind, tombstone || name == null && kind == null));
    Arbitrary<PairRecord> pairs = Combinators.combine(Arbitraries.of(ACTORS), Arbitraries.of(TOPICS),
        Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 3), Arbitraries.of(ACTORS))
        .as(PairRecord::new);
    return Arbitraries.oneOf(identities.map(Object.class::cast), pairs.map(Object.class::cast), pairs.map(Object.class::cast))
        .list().ofMaxSize(80);
  }

  @Property
  void everyOrderListsTheActorsAsSortingThemFromScratchDoes(@ForAll("records") List<Object> records) {
    ActorStanceView view = new ActorStanceView();
    Map<String, Identity> identities = new HashMap<>();
    Map<String, Map<String, PairSummary>> pairs = new HashMap<>();
    int n = 0;
    for (Object record : records) {
      n++;
      if (record instanceof IdentityRecord i) {
        Identity identity = i.tombstone() ? null : new Identity(i.name(), i.kind());
        view.applyIdentity(i.actor(), identity);
        if (identity == null) {
          identities.remove(i.actor());
        } else {
          identities.put(i.actor(), identity);
        }
      } else {
        PairRecord p = (PairRecord) record;
        PairSummary summary = summary(p, "s-" + n);
        view.applyPair(p.actor(), p.topic(), summary);
        if (summary == null) {
          pairs.getOrDefault(p.actor(), new HashMap<>()).remove(p.topic());
        } else {
          pairs.computeIfAbsent(p.actor(), a -> new HashMap<>()).put(p.topic(), summary);
        }
      }
      TreeSet<String> held = new TreeSet<>(identities.keySet());
      pairs.forEach((actor, byTopic) -> {
        if (!byTopic.isEmpty()) {
          held.add(actor);
        }
      });
      Map<String, String> blocs = new TreeMap<>();
      held.forEach(a -> blocs.put(a, bloc(a, pairs.getOrDefault(a, Map.of()))));
      Map<String, String> viewBlocs = new TreeMap<>();
      held.forEach(a -> viewBlocs.put(a, view.actor(a).orElseThrow().bloc()));
      List<Object> applied = records.subList(0, n);
      assertEquals(blocs, viewBlocs, () -> "blocs after " + applied);

      Function<String, String> name = a -> Objects.requireNonNullElse(identities.getOrDefault(a, Identity.NONE).name(), a)
          .toLowerCase(Locale.ROOT);
      Comparator<String> byName = Comparator.comparing(name).thenComparing(Comparator.<String>naturalOrder());
      Function<String, String> kind = a -> {
        ActorKind k = identities.getOrDefault(a, Identity.NONE).kind();
        return k == null ? null : k.name();
      };
      Map<ActorOrder, Comparator<String>> orders = Map.of(
          ActorOrder.ACTOR, Comparator.naturalOrder(),
          ActorOrder.NAME, byName,
          ActorOrder.KIND, Comparator.comparing(kind, Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(byName),
          ActorOrder.BLOC, Comparator.comparing((String a) -> blocs.get(a), Comparator.nullsLast(Comparator.<String>naturalOrder()))
              .thenComparing((String a) -> !a.equals(blocs.get(a)))
              .thenComparing(byName));
      for (ActorOrder order : ActorOrder.values()) {
        assertEquals(held.stream().sorted(orders.get(order)).toList(),
            view.actorsAfter(order, null).map(p -> p.actor().actor()).toList(), () -> order + " after " + applied);
      }
    }
  }

  /** The bloc read from scratch, as the contract says. */
  private static String bloc(String actor, Map<String, PairSummary> pairs) {
    return pairs.values().stream().filter(PairSummary::hasCurrent).map(PairSummary::current)
        .filter(c -> c.onBehalfOf() != null).max(Comparator.comparing(HistoryItem::key)).map(HistoryItem::onBehalfOf)
        .orElse(pairs.values().stream().anyMatch(p -> p.hasCurrent() && p.current().via() != null) ? actor : null);
  }

  private static PairSummary summary(PairRecord p, String statementId) {
    return switch (p.shape()) {
      case 0 -> null;
      case 1 -> new PairSummary(p.actor(), p.topic(), null, null, 0, 1);
      default -> {
        String via = p.shape() == 3 ? p.other() : null;
        String onBehalfOf = p.shape() == 4 ? p.other() : null;
        HistoryItem current = new HistoryItem(statementId, Stance.SUPPORT, 1.0, T0.plusSeconds(60L * p.minutes()), null, null,
            via, onBehalfOf, false);
        yield new PairSummary(p.actor(), p.topic(), current, current.key(), 1, 1);
      }
    };
  }
}
