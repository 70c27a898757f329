package io.stancewatch.bench;

import io.stancewatch.events.ActorKind;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Realistic statements for a fixed population of actors and issues, the same on every run:
 * names, quotes of about a hundred characters and source links, as in the demo's seed
 * statements. The backlog gives each (actor, issue) pair {@link #ROUNDS} statements, the last
 * one the latest, and about one statement in a hundred is made on a bloc's behalf.
 */
final class StatementFactory {

  static final int ROUNDS = 2;
  static final int BLOCS = 100;

  private static final String[] FIRST = {"anna", "pete", "keir", "olena", "pal", "marco", "ursula", "kaja",
      "jens", "giorgia", "emmanuel", "olaf", "petr", "andrzej", "mette", "alexander", "roberta", "kyriakos",
      "viktor", "edgars"};
  private static final String[] LAST = {"lindqvist", "hegseth", "giles", "kowalska", "jonson", "rossi",
      "meyer", "kallas", "berg", "novak", "dubois", "schmidt", "horvat", "nielsen", "virtanen", "costa",
      "janssen", "popescu", "ozols", "tamm", "murphy", "silva", "fischer", "larsen", "kovacs"};
  private static final List<String> ISSUES = List.of("ukraine-nato-membership", "ceasefire",
      "negotiated-settlement", "ukraine-pre-2014-borders", "ukraine-russia-land-swap", "us-troops-in-ukraine",
      "european-peacekeepers", "sanctions-on-russia", "frozen-assets-for-ukraine", "arms-deliveries",
      "long-range-missiles", "eu-accession-ukraine", "defence-spending-two-percent", "defence-spending-five-percent",
      "nuclear-deterrence-europe", "conscription", "energy-imports-from-russia", "grain-corridor",
      "war-crimes-tribunal", "reconstruction-fund", "refugee-protection", "minerals-deal", "security-guarantees",
      "nato-eastern-flank", "baltic-air-policing", "black-sea-navigation", "prisoner-exchange", "elections-in-ukraine",
      "neutrality-for-ukraine", "demilitarised-zone", "air-defence-shield", "drone-wall", "joint-eu-borrowing",
      "tariffs-on-russian-goods", "shadow-fleet-sanctions", "cyber-defence-pact", "nato-article-five",
      "troop-rotations-poland", "nord-stream-repair", "gas-price-cap", "ukraine-debt-relief", "zaporizhzhia-plant",
      "crimea-status", "donbas-autonomy", "humanitarian-corridors", "mine-clearance", "children-returned",
      "arms-production-eu", "military-aid-budget", "peace-summit");
  private static final String[] QUOTES = {
      "We will not accept %s on terms that reward aggression; our allies expect us to hold the line.",
      "Let me be clear: %s is the only realistic path, and we should stop pretending otherwise.",
      "On %s we remain open, but nothing will be decided about Ukraine without Ukraine at the table.",
      "%s is not a realistic outcome of any negotiation, and chasing it would only prolong the war.",
      "Our government fully backs %s, and we will put the funding and the people behind that commitment.",
      "We have doubts about %s; the costs are real and the benefits, so far, are mostly on paper."};
  private static final Instant BACKLOG_START = Instant.parse("2024-01-01T00:00:00Z");
  private static final long ROUND_SECONDS = 180L * 24 * 3600;

  private final int actors;
  private final int issues;

  StatementFactory(int actors, int issues) {
    if (issues > ISSUES.size()) {
      throw new IllegalArgumentException("at most " + ISSUES.size() + " issues");
    }
    this.actors = actors;
    this.issues = issues;
  }

  int actors() {
    return actors;
  }

  int issues() {
    return issues;
  }

  long backlogSize() {
    return (long) actors * issues * ROUNDS;
  }

  String actor(int a) {
    return FIRST[a % FIRST.length] + "-" + LAST[(a / FIRST.length) % LAST.length] + "-" + a;
  }

  String actorName(int a) {
    return capitalise(FIRST[a % FIRST.length]) + " " + capitalise(LAST[(a / FIRST.length) % LAST.length]);
  }

  String issue(int i) {
    return ISSUES.get(i);
  }

  /** Statement number {@code round} of actor a on issue i in the backlog; later rounds happened later. */
  Statement backlog(int a, int i, int round) {
    SplittableRandom random = random(a, i, round);
    Instant occurredAt = BACKLOG_START.plusSeconds(round * ROUND_SECONDS + random.nextLong(ROUND_SECONDS));
    String id = UUID.nameUUIDFromBytes(("backlog:" + a + ":" + i + ":" + round).getBytes()).toString();
    return statement(id, a, i, backlogStance(a, i, round), random, occurredAt,
        random.nextInt(100) == 0 ? bloc(random.nextInt(BLOCS)) : null);
  }

  /** The current stance of (a, i) once the whole backlog is folded: the one of its last round. */
  Stance finalStance(int a, int i) {
    return backlogStance(a, i, ROUNDS - 1);
  }

  /** A statement with a new id (given) at {@code occurredAt}, with this stance. */
  Statement fresh(String statementId, int a, int i, Stance stance, Instant occurredAt, long seed) {
    return statement(statementId, a, i, stance, new SplittableRandom(seed), occurredAt, null);
  }

  /** The request JSON of contract section 2; without an id, so ingest-service gives each one a UUID. */
  static Map<String, Object> json(Statement s, boolean withId) {
    Map<String, Object> json = new LinkedHashMap<>();
    if (withId) {
      json.put("statementId", s.getStatementId());
    }
    json.put("actor", s.getActor());
    json.put("actorName", s.getActorName());
    json.put("actorKind", s.getActorKind().name());
    if (s.getOnBehalfOf() != null) {
      json.put("onBehalfOf", s.getOnBehalfOf());
    }
    json.put("topic", s.getTopic());
    json.put("stance", s.getStance().name());
    json.put("strength", s.getStrength());
    json.put("quote", s.getQuote());
    json.put("sourceUrl", s.getSourceUrl());
    json.put("occurredAt", s.getOccurredAt().toString());
    return json;
  }

  private Statement statement(String id, int a, int i, Stance stance, SplittableRandom random, Instant occurredAt,
      String onBehalfOf) {
    String phrase = issue(i).replace('-', ' ');
    String quote = QUOTES[random.nextInt(QUOTES.length)].formatted(phrase);
    String source = "https://news.example.org/%d/%02d/%02d/%s-%s".formatted(2024 + random.nextInt(2),
        1 + random.nextInt(12), 1 + random.nextInt(28), actor(a), issue(i));
    return Statement.newBuilder()
        .setStatementId(id)
        .setActor(actor(a))
        .setActorName(actorName(a))
        .setActorKind(ActorKind.PERSON)
        .setOnBehalfOf(onBehalfOf)
        .setTopic(issue(i))
        .setStance(stance)
        .setStrength(stance == Stance.NEUTRAL ? 0.0 : (1 + random.nextInt(10)) / 10.0)
        .setQuote(Character.toUpperCase(quote.charAt(0)) + quote.substring(1))
        .setSourceUrl(source)
        .setOccurredAt(occurredAt)
        .build();
  }

  private Stance backlogStance(int a, int i, int round) {
    return Stance.values()[random(a, i, round).nextInt(Stance.values().length)];
  }

  private SplittableRandom random(int a, int i, int round) {
    return new SplittableRandom(((long) a * 64 + i) * 8 + round);
  }

  private static String bloc(int b) {
    return "bloc-" + b;
  }

  private static String capitalise(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
