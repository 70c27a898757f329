package io.stancewatch.stance.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.stancewatch.testing.NoBroker;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The fold's Kafka Streams configuration as application.yml and FoldStreams make it: no broker needed. */
class FoldStreamsTest {

  @Test
  void onThreeBrokersInternalTopicsHaveThreeReplicasAndTwoInSync() throws Exception {
    StreamsConfig config = streamsConfig(Map.of("kafka.streams.default.replication.factor", 3));

    assertEquals(3, config.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG));
    assertEquals("2", minInsyncReplicas(config));
  }

  @Test
  void byDefaultInternalTopicsHaveOneReplicaAndOneInSync() throws Exception {
    StreamsConfig config = streamsConfig(Map.of());

    assertEquals(1, config.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG));
    assertEquals("1", minInsyncReplicas(config));
  }

  @Test
  void keepsOneStandbyReplicaByDefault() throws Exception {
    assertEquals(1, streamsConfig(Map.of()).getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
  }

  @Test
  void producesWithAcksAllAndIdempotence() throws Exception {
    Map<String, Object> producer = new HashMap<>(streamsConfig(Map.of()).getProducerConfigs("fold"));
    producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    ProducerConfig effective = new ProducerConfig(producer);

    assertEquals("-1", effective.getString(ProducerConfig.ACKS_CONFIG));
    assertTrue(effective.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
  }

  private static Object minInsyncReplicas(StreamsConfig config) {
    return config.originalsWithPrefix(StreamsConfig.TOPIC_PREFIX).get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
  }

  private static StreamsConfig streamsConfig(Map<String, Object> settings) throws Exception {
    Map<String, Object> all = new HashMap<>(settings);
    all.put("kafka.bootstrap.servers", NoBroker.address());
    all.put("kafka.streams.default.state.dir", Files.createTempDirectory("fold-streams-config").toString());
    try (ApplicationContext context = ApplicationContext.run(all)) {
      // As the service builds it: the fold's stream first, then Kafka Streams from the builder's configuration.
      context.getBean(KafkaStreams.class, Qualifiers.byName("default"));
      return new StreamsConfig(context.getBean(ConfiguredStreamBuilder.class, Qualifiers.byName("default")).getConfiguration());
    }
  }
}
