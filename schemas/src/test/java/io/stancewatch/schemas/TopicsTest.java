package io.stancewatch.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicsTest {

  @ParameterizedTest
  @CsvSource({"1, 1", "2, 1", "3, 2", "4, 3", "5, 4"})
  void minInsyncReplicasIsAllButOneFromThreeReplicasAndOneBelow(short replicationFactor, int expected) {
    assertEquals(expected, Topics.minInsyncReplicas(replicationFactor));
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "3, 2"})
  void everyTopicIsCreatedWithTheMinInsyncReplicasOfItsReplicationFactor(short replicationFactor, String expected) {
    for (Topic<?, ?> topic : Topics.ALL) {
      NewTopic created = topic.newTopic(6, replicationFactor);
      assertEquals(replicationFactor, created.replicationFactor(), topic.name());
      assertEquals(expected, created.configs().get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), topic.name());
    }
  }

  @Test
  void theReplicasSettingKeepsEachTopicsPolicy() {
    NewTopic statements = Topics.STATEMENTS.newTopic(6, (short) 3);
    assertEquals(TopicConfig.CLEANUP_POLICY_DELETE, statements.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG));
    assertEquals("-1", statements.configs().get(TopicConfig.RETENTION_MS_CONFIG));
    NewTopic stances = Topics.STANCES.newTopic(6, (short) 3);
    assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, stances.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG));
  }
}
