package io.stancewatch.schemas;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether the Kafka cluster answers right now, for a service's {@code /health}. Kafka clients
 * ride out a lost broker quietly (a consumer's poll returns nothing, Kafka Streams stays
 * RUNNING, a producer only fails the next write), so none of them reports it; this asks the
 * cluster to describe itself, with a short deadline.
 */
public final class BrokerProbe implements AutoCloseable {

  private final Admin admin;
  private final int timeoutMillis;

  public BrokerProbe(String bootstrapServers, Duration timeout) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    this.timeoutMillis = Math.toIntExact(timeout.toMillis());
  }

  /** Completes with nothing when the cluster answered within the deadline, else with why not; never fails. */
  public CompletionStage<Optional<String>> problem() {
    return admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis)).clusterId()
        .toCompletionStage()
        .handle((clusterId, error) -> {
          if (error == null) {
            return Optional.empty();
          }
          Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
          return Optional.of("Kafka did not answer within " + timeoutMillis + " ms: " + cause);
        });
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
