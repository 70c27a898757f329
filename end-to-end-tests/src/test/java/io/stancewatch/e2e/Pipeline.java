package io.stancewatch.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A broker and one instance of each service, as separate processes on free ports, started
 * together and killed together: the system the fault tests break.
 */
record Pipeline(ServiceProcess kafka, ServiceProcess ingest, ServiceProcess stance, ServiceProcess query)
    implements AutoCloseable {

  /** Starts the broker, then the services, and waits until all are ready; {@code name} prefixes ingest's transactional id. */
  static Pipeline start(Path dataDir, String name, int partitions, Duration ready) {
    int[] ports = StancewatchUp.freePorts(4);
    ServiceProcess kafka = ServiceProcess.broker(dataDir.resolve("kafka"), ports[0], partitions);
    Pipeline pipeline = new Pipeline(kafka,
        ServiceProcess.service("ingest-service", "ingest", ports[1], kafka.bootstrapServers(), partitions,
            Map.of("STANCEWATCH_INGEST_TRANSACTIONAL_ID", name + "-ingest-1")),
        ServiceProcess.service("stance-service", "stance", ports[2], kafka.bootstrapServers(), partitions,
            Map.of("STANCEWATCH_STATE_DIR", dataDir.resolve("stance").toString())),
        ServiceProcess.service("query-service", "query", ports[3], kafka.bootstrapServers(), partitions,
            Map.of("STANCEWATCH_QUERY_STATE_DIR", dataDir.resolve("query").toString())));
    try {
      kafka.startAndAwaitReady(ready);
      ServiceProcess.startAll(ready, pipeline.ingest, pipeline.stance, pipeline.query);
      return pipeline;
    } catch (RuntimeException e) {
      pipeline.close();
      throw e;
    }
  }

  @Override
  public void close() {
    query.close();
    stance.close();
    ingest.close();
    kafka.close();
  }
}
