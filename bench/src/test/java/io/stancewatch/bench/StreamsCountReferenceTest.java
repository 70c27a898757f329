package io.stancewatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stancewatch.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class StreamsCountReferenceTest {

  @Test
  void countsTheRecordsOfEachKeyWithoutDecodingThem() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "count-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try (TopologyTestDriver driver = new TopologyTestDriver(StreamsCountReference.topology(), props)) {
      var statements = driver.createInputTopic(Topics.STATEMENTS.name(), new ByteArraySerializer(),
          new ByteArraySerializer());
      statements.pipeInput(bytes("ada"), bytes("not avro at all"));
      statements.pipeInput(bytes("bob"), new byte[] {1});
      statements.pipeInput(bytes("ada"), new byte[0]);

      KeyValueStore<Bytes, Long> counts = driver.getKeyValueStore("statements-per-key");
      assertEquals(2L, counts.get(Bytes.wrap(bytes("ada"))));
      assertEquals(1L, counts.get(Bytes.wrap(bytes("bob"))));
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
