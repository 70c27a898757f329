package io.stancewatch.schemas;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the contract's topics that do not exist yet. Every service calls it on start, so
 * they can start in any order against a fresh cluster; existing topics are left as they are.
 */
public final class TopicProvisioner {

  private TopicProvisioner() {}

  public static void ensureTopics(Admin admin, int partitions, short replicationFactor, long timeoutMillis) {
    List<NewTopic> wanted = Topics.ALL.stream().map(t -> t.newTopic(partitions, replicationFactor)).toList();
    for (KafkaFuture<Void> created : admin.createTopics(wanted).values().values()) {
      try {
        created.get(timeoutMillis, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("Could not create the Stancewatch topics: " + e.getCause().getMessage(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("Kafka did not create the Stancewatch topics within " + timeoutMillis + " ms", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while creating topics", e);
      }
    }
  }
}
