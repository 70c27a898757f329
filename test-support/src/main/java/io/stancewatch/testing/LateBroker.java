package io.stancewatch.testing;

import io.stancewatch.localkafka.LocalKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A broker that is not there yet, for the tests that start a service without one: its address
 * is known first, and it starts on that address when the test says. It is a broker of its own,
 * beside {@link SharedKafka}'s: a service must be able to find nothing at its address.
 */
public final class LateBroker implements AutoCloseable {

  private final int port;
  private LocalKafka kafka;

  private LateBroker(int port) {
    this.port = port;
  }

  /** An address nothing listens on yet: a port the OS handed out once, then released. */
  public static LateBroker reserve() {
    return new LateBroker(NoBroker.freePort());
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Starts the broker on the reserved address, with an empty log. */
  public void start() {
    try {
      kafka = LocalKafka.start(Files.createTempDirectory("stancewatch-late-kafka"), port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (kafka != null) {
      kafka.close();
    }
  }
}
