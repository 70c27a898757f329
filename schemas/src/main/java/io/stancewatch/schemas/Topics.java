package io.stancewatch.schemas;

import io.stancewatch.events.ActorStances;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.StatementEvent;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;

/** The topics of contract section 6, declared once: no service spells a name or builds a serde itself. */
public final class Topics {

  private static final Map<String, String> KEEP_FOREVER =
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE, TopicConfig.RETENTION_MS_CONFIG, "-1");

  /** The event log and source of truth: statements and retractions, keyed by the speaker's slug. */
  public static final Topic<String, StatementEvent> STATEMENTS = new Topic<>(
      "stancewatch.statements", Serdes.String(), new AvroSerde<>(StatementEvent.getClassSchema()), KEEP_FOREVER);

  /** Every change of a current stance label, keyed by actor slug. */
  public static final Topic<String, StanceChanged> STANCE_CHANGES = new Topic<>(
      "stancewatch.stance-changes", Serdes.String(), new AvroSerde<>(StanceChanged.getClassSchema()), KEEP_FOREVER);

  /** Latest snapshot of each actor's stances, keyed by actor slug. */
  public static final Topic<String, ActorStances> ACTOR_STANCES = new Topic<>(
      "stancewatch.actor-stances", Serdes.String(), new AvroSerde<>(ActorStances.getClassSchema()),
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));

  /** Records of the statement log that could not be decoded, kept byte for byte. */
  public static final Topic<byte[], byte[]> STATEMENTS_DLQ = new Topic<>(
      "stancewatch.statements.dlq", Serdes.ByteArray(), Serdes.ByteArray(), KEEP_FOREVER);

  public static final List<Topic<?, ?>> ALL = List.of(STATEMENTS, STANCE_CHANGES, ACTOR_STANCES, STATEMENTS_DLQ);

  private Topics() {}
}
