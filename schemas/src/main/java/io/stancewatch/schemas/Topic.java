package io.stancewatch.schemas;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic of the public contract: its name, the serdes of its key and value, and the policy
 * it is created with.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs) {

  /** The topic to create: its policy, and the {@link Topics#minInsyncReplicas} of this replication factor. */
  public NewTopic newTopic(int partitions, short replicationFactor) {
    Map<String, String> withReplicas = new HashMap<>(configs);
    withReplicas.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(Topics.minInsyncReplicas(replicationFactor)));
    return new NewTopic(name, partitions, replicationFactor).configs(withReplicas);
  }
}
