package io.stancewatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * An address where no broker listens, for tests of what a service does without Kafka (every
 * service starts without one) and for tests that need no Kafka at all: they then run without
 * starting {@link SharedKafka}'s broker.
 */
public final class NoBroker {

  private NoBroker() {}

  /** {@code 127.0.0.1:<port>}, on a port the OS handed out once, then released. */
  public static String address() {
    return "127.0.0.1:" + freePort();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
