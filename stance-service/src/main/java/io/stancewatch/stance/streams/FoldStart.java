package io.stancewatch.stance.streams;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.event.ApplicationStartupEvent;
import io.stancewatch.schemas.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the fold once the contract's topics exist. Kafka Streams stops for good on a missing
 * source topic, and micronaut-kafka-streams would start it as it builds it, so it is built
 * unstarted ({@code start-kafka-streams: false}) and started here, after the topics are
 * created, on a thread of its own: the service starts without a broker, says DOWN on
 * {@code /health}, and begins to fold when the broker comes.
 */
@Singleton
class FoldStart implements ApplicationEventListener<ApplicationStartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(FoldStart.class);
  private static final long TOPICS_TIMEOUT_MS = 10_000;

  private final KafkaStreams streams;
  private final AdminClient admin;
  private final FoldMeters meters;
  private final String applicationId;
  private final int partitions;
  private final short replicationFactor;
  private volatile Thread starter;

  FoldStart(@Named("default") KafkaStreams streams, AdminClient admin, FoldMeters meters,
      @Property(name = "kafka.streams.default.application.id") String applicationId,
      @Property(name = "stancewatch.topics.partitions") int partitions,
      @Property(name = "stancewatch.topics.replication-factor") short replicationFactor) {
    this.streams = streams;
    this.admin = admin;
    this.meters = meters;
    this.applicationId = applicationId;
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
  }

  @Override
  public void onApplicationEvent(ApplicationStartupEvent event) {
    starter = new Thread(this::startOnceTopicsExist, "fold-start");
    starter.setDaemon(true);
    starter.start();
  }

  private void startOnceTopicsExist() {
    try {
      if (Topics.createMissingOnceReachable(admin, partitions, replicationFactor, TOPICS_TIMEOUT_MS,
          () -> false, why -> LOG.warn("Waiting for the broker before folding: {}", why))) {
        meters.watchLag(streams, admin, applicationId, partitions);
        streams.setStateListener((now, before) -> LOG.info("Kafka Streams {} -> {}", before, now));
        streams.start();
      }
    } catch (InterruptedException e) {
      // Shutting down before the broker came.
    }
  }

  @PreDestroy
  void stop() throws InterruptedException {
    Thread thread = starter;
    if (thread != null) {
      thread.interrupt();
      thread.join(TOPICS_TIMEOUT_MS);
    }
  }
}
