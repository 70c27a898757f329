package io.stancewatch.query.api;

import io.stancewatch.domain.LogFold;
import io.stancewatch.domain.Records;
import io.stancewatch.domain.StanceChange;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topic;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.SharedKafka;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes what stance-service would for a log, computed with the pure fold: after each
 * {@link #publish}, every pair stance, history entry and actor profile that changed, and every
 * new change. No transaction, so a test decides when "stance-service" commits its offsets.
 */
final class StanceServiceOutputs implements AutoCloseable {

  private final LogFold fold = new LogFold();
  private final Map<String, Object> published = new HashMap<>();
  private final KafkaProducer<byte[], byte[]> producer;

  /** On the shared broker. */
  StanceServiceOutputs() {
    this(SharedKafka.bootstrapServers());
  }

  StanceServiceOutputs(String bootstrapServers) {
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The log folded so far: the expected answers. */
  LogFold fold() {
    return fold;
  }

  /** Folds these entries and publishes, and flushes, what changed. */
  void publish(List<StatementEvent> entries) {
    int before = fold.changes().size();
    for (StatementEvent entry : entries) {
      fold.apply(entry, Instant.parse("2025-03-01T00:00:00Z").plusSeconds(fold.changes().size()));
    }
    for (StanceChange change : fold.changes().subList(before, fold.changes().size())) {
      send(Topics.STANCE_CHANGES, change.actor(), Records.toAvro(change));
    }
    // History before stances, as stance-service's outputs are read back in one poll.
    fold.history().forEach((key, entry) -> sendIfChanged(Topics.STANCE_HISTORY, key, entry));
    fold.stances().forEach((key, stance) -> sendIfChanged(Topics.STANCES, key, stance));
    fold.profiles().forEach((key, profile) -> sendIfChanged(Topics.ACTORS, key, profile));
    producer.flush();
  }

  private <V> void sendIfChanged(Topic<String, V> topic, String key, V value) {
    if (!Objects.equals(published.put(topic.name() + " " + key, value), value)) {
      send(topic, key, value);
    }
  }

  private <V> void send(Topic<String, V> topic, String key, V value) {
    producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
        topic.valueSerde().serializer().serialize(topic.name(), value)));
  }

  @Override
  public void close() {
    producer.close();
  }
}
