package io.stancewatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KafkaToolOutputTest {

  @Test
  void producerSummaryIsTheLineWithPercentilesNotTheProgressLines() {
    String output = """
        1178618 records sent, 235723.6 records/sec (53.95 MB/sec), 98.3 ms avg latency, 419.0 ms max latency.
        3000000 records sent, 251256.281407 records/sec (57.51 MB/sec), 91.91 ms avg latency, 637.00 ms max latency, 80 ms 50th, 212 ms 95th, 311 ms 99th, 420 ms 99.9th.
        """;

    KafkaToolOutput.ProducerSummary summary = KafkaToolOutput.producer(output);

    assertEquals(3_000_000, summary.records());
    assertEquals(251256.281407, summary.recordsPerSec(), 1e-6);
    assertEquals(57.51, summary.mbPerSec(), 1e-9);
    assertEquals(91.91, summary.avgLatencyMs(), 1e-9);
    assertEquals(80, summary.p50LatencyMs(), 1e-9);
    assertEquals(311, summary.p99LatencyMs(), 1e-9);
  }

  @Test
  void consumerSummaryIsReadByColumnName() {
    String output = """
        12:01:02.123 WARN  some log line
        start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        2026-11-25 12:00:00:000, 2026-11-25 12:00:04:000, 314.5000, 78.6250, 1000000, 250000.0000, 3100, 900, 349.4444, 1111111.1111
        """;

    KafkaToolOutput.ConsumerSummary summary = KafkaToolOutput.consumer(output);

    assertEquals(1_000_000, summary.messages());
    assertEquals(250000.0, summary.messagesPerSec(), 1e-9);
    assertEquals(1111111.1111, summary.fetchMessagesPerSec(), 1e-9);
    assertEquals(3100, summary.rebalanceMs());
    assertEquals(900, summary.fetchMs());
  }

  @Test
  void outputWithoutSummaryIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> KafkaToolOutput.producer("Exception in thread main"));
    assertThrows(IllegalArgumentException.class, () -> KafkaToolOutput.consumer("WARNING: timed out"));
  }
}
