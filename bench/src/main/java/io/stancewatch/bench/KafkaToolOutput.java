package io.stancewatch.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the summaries that Kafka's ProducerPerformance and ConsumerPerformance print. */
final class KafkaToolOutput {

  /** ProducerPerformance's last line: totals and latency percentiles of the whole run. */
  record ProducerSummary(long records, double recordsPerSec, double mbPerSec, double avgLatencyMs,
      double p50LatencyMs, double p99LatencyMs) {}

  /** ConsumerPerformance's summary: over the whole run, and over fetching only (group join excluded). */
  record ConsumerSummary(long messages, double messagesPerSec, double fetchMessagesPerSec, long rebalanceMs,
      long fetchMs) {}

  // "1000000 records sent, 251256.3 records/sec (57.51 MB/sec), 321.91 ms avg latency, 637.00 ms max latency,
  //  319 ms 50th, 552 ms 95th, 611 ms 99th, 634 ms 99.9th."
  private static final Pattern PRODUCER_SUMMARY = Pattern.compile(
      "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency,"
          + " ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

  private KafkaToolOutput() {}

  static ProducerSummary producer(String output) {
    ProducerSummary summary = null;
    for (String line : output.split("\n")) {
      Matcher m = PRODUCER_SUMMARY.matcher(line);
      if (m.find()) {
        summary = new ProducerSummary(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
            Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), Double.parseDouble(m.group(6)),
            Double.parseDouble(m.group(8)));
      }
    }
    if (summary == null) {
      throw new IllegalArgumentException("no ProducerPerformance summary in its output:\n" + output);
    }
    return summary;
  }

  /** The header line names the columns (start.time, ..., nMsg.sec, ..., fetch.nMsg.sec); the next line holds the values. */
  static ConsumerSummary consumer(String output) {
    List<String> lines = output.lines().map(String::trim).toList();
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).startsWith("start.time")) {
        String[] names = lines.get(i).split(",\\s*");
        String[] values = lines.get(i + 1).split(",\\s*");
        if (names.length != values.length) {
          break;
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int c = 0; c < names.length; c++) {
          row.put(names[c], values[c]);
        }
        return new ConsumerSummary(Long.parseLong(row.get("data.consumed.in.nMsg")),
            Double.parseDouble(row.get("nMsg.sec")), Double.parseDouble(row.get("fetch.nMsg.sec")),
            Long.parseLong(row.get("rebalance.time.ms")), Long.parseLong(row.get("fetch.time.ms")));
      }
    }
    throw new IllegalArgumentException("no ConsumerPerformance summary in its output:\n" + output);
  }
}
