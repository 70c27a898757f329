package io.stancewatch.query.api;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.stancewatch.query.consistency.ReadYourWrites;
import io.stancewatch.schemas.ConsistencyToken;
import io.stancewatch.testing.SharedKafka;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;

/**
 * query-service on the shared broker, as the HTTP tests run it. {@link #shared()} is the one of
 * a test JVM, started on first use and stopped when the JVM exits, so the test classes that use
 * it pay for one start-up; {@link #start} starts one of a test's own. The broker's topics hold
 * what every test published: each test names its actors and topics with a run id of its own,
 * and test classes run one after another, so a test that reads whole lists sees no other's
 * writes arrive.
 */
final class RunningQueryService {

  /** The longest a GET with a consistency token waits: shorter than in production, so a 504 comes quickly. */
  static final Duration MAX_WAIT = Duration.ofSeconds(2);
  private static EmbeddedServer shared;

  private RunningQueryService() {}

  static synchronized EmbeddedServer shared() {
    if (shared == null) {
      EmbeddedServer started = start("stance-service-" + UUID.randomUUID());
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "query-service-stop"));
      shared = started;
    }
    return shared;
  }

  /**
   * Starts a query-service whose read-your-writes asks after the consumer group (and relay
   * topic) of the stance-service with this application id, and returns once /health says UP:
   * once its views hold what the stance topics held when it started.
   */
  static EmbeddedServer start(String stanceServiceApplicationId) {
    EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
        "kafka.bootstrap.servers", SharedKafka.bootstrapServers(),
        "stancewatch.topics.partitions", SharedKafka.PARTITIONS,
        "stancewatch.stance-service.application-id", stanceServiceApplicationId,
        "micronaut.server.port", -1,
        "stancewatch.consistency.max-wait", MAX_WAIT.toSeconds() + "s",
        // Shorter than in production, so a quiet stream's heartbeat, and a closed stream's end, come quickly.
        "stancewatch.stream.heartbeat", "1s"));
    QueryApi api = new QueryApi(server.getURI());
    Awaitility.await("query-service healthy").atMost(Duration.ofSeconds(60))
        .until(() -> api.get("/health").status() == 200);
    return server;
  }

  /**
   * Returns once the views of {@code server} hold every record the stance topics held at the
   * call. Its read-your-writes rule, asked about no write, waits only for the reader to reach
   * the topics' ends then; nothing commits for the stance-service of the instances this is used
   * on, so no relay is waited for.
   */
  static void awaitViewsHoldAllPublished(EmbeddedServer server) {
    CompletableFuture<Void> held = server.getApplicationContext().getBean(ReadYourWrites.class)
        .await(new ConsistencyToken(Map.of()));
    Awaitility.await("the views hold all published").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10)).until(held::isDone);
  }
}
