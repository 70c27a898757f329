package io.stancewatch.ingest;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.OpenApiAnswers;
import io.stancewatch.testing.SharedKafka;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ingest-service of a test JVM, on the shared broker, started on first use and stopped
 * when the JVM exits: every HTTP test class talks to the same instance, so a test run pays for
 * one start-up. Test classes run one after another, so a class sees only its own writes.
 */
final class RunningIngestService {

  static final String TOKEN = "test-ingest-token";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** The document this build generated, which the service serves at /swagger/ingest-service.yml. */
  private static final OpenApiAnswers DOCUMENT =
      OpenApiAnswers.of(RunningIngestService.class.getResource("/META-INF/swagger/ingest-service.yml"));
  private static EmbeddedServer server;

  private RunningIngestService() {}

  static synchronized URI uri() {
    if (server == null) {
      EmbeddedServer started = ApplicationContext.run(EmbeddedServer.class, Map.of(
          "kafka.bootstrap.servers", SharedKafka.bootstrapServers(),
          "stancewatch.topics.partitions", SharedKafka.PARTITIONS,
          "stancewatch.ingest.token", TOKEN,
          "micronaut.server.port", -1));
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "ingest-service-stop"));
      server = started;
    }
    return server.getURI();
  }

  /** POSTs {@code body} as {@code contentType} (no header when null) with the ingest token. */
  static HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
    return post(uri(), path, "Bearer " + TOKEN, contentType, body.getBytes(StandardCharsets.UTF_8), false);
  }

  /**
   * POSTs to the service at {@code base}; {@code authorization} and {@code contentType} are sent as
   * given, left out when null; a {@code chunked} body is streamed without a Content-Length. The
   * answer, whatever its status, must be one the OpenAPI document describes.
   */
  static HttpResponse<String> post(URI base, String path, String authorization, String contentType, byte[] body,
      boolean chunked) throws IOException, InterruptedException {
    HttpResponse<String> response = postOutsideTheDocument(base, path, authorization, contentType, body, chunked);
    DOCUMENT.check("POST", path, response.statusCode(), response.headers().map(), response.body());
    return response;
  }

  /** As {@link #post(URI, String, String, String, byte[], boolean)}, to a path the document does not have. */
  static HttpResponse<String> postOutsideTheDocument(URI base, String path, String authorization, String contentType,
      byte[] body, boolean chunked) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).POST(chunked
        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
        : HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The end offset of every partition of the statement log, read_uncommitted: a write that was
   * begun and aborted moves it too, so an unchanged map means nothing at all was written.
   */
  static final class LogEnd implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    private final List<TopicPartition> partitions = consumer.partitionsFor(Topics.STATEMENTS.name()).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();

    Map<TopicPartition, Long> offsets() {
      return consumer.endOffsets(partitions);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
