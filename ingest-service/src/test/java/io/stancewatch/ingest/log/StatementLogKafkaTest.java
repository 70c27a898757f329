package io.stancewatch.ingest.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.stancewatch.testing.SharedKafka;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The statement log on the real broker, before any write. */
class StatementLogKafkaTest {

  @Test
  void everyWritersProducersAreReadyBeforeTheFirstWrite() throws Exception {
    // A new transactional producer takes 130 to 300 ms to start: the first writes after a start
    // waited for it, each on a producer of its own, until all of them had been used once.
    String prefix = "statement-log-test-" + UUID.randomUUID();
    Set<String> expected = IntStream.range(0, 6).mapToObj(i -> prefix + "-" + i).collect(Collectors.toSet());
    try (ApplicationContext context = ApplicationContext.run(Map.of(
            "kafka.bootstrap.servers", SharedKafka.bootstrapServers(),
            "stancewatch.ingest.transactional-id", prefix,
            "stancewatch.ingest.writers", 3));
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
      Awaitility.await("the broker knows each writer's transactional ids before anything is written")
          .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> ours(admin, prefix).containsAll(expected));
      assertEquals(expected, ours(admin, prefix), "two producers per writer, no more");
    }
  }

  private static Set<String> ours(Admin admin, String prefix) throws Exception {
    return admin.listTransactions().all().get().stream().map(TransactionListing::transactionalId)
        .filter(id -> id.startsWith(prefix)).collect(Collectors.toSet());
  }
}
