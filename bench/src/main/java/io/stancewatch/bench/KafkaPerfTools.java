package io.stancewatch.bench;

import io.stancewatch.launcher.Launcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's own {@code ProducerPerformance} and {@code ConsumerPerformance} (from kafka-tools,
 * shaded into the bench jar), each run as a JVM of its own, as {@code kafka-producer-perf-test.sh}
 * and {@code kafka-consumer-perf-test.sh} run them.
 */
final class KafkaPerfTools {

  private final String bootstrapServers;
  private final Path runDir;

  KafkaPerfTools(String bootstrapServers, Path runDir) {
    this.bootstrapServers = bootstrapServers;
    this.runDir = runDir;
  }

  /** {@code records} records of {@code recordSize} bytes as fast as it can, acks=all, producer defaults otherwise. */
  KafkaToolOutput.ProducerSummary producer(String topic, long records, int recordSize, String label)
      throws InterruptedException {
    return KafkaToolOutput.producer(run("org.apache.kafka.tools.ProducerPerformance", label, List.of(
        "--topic", topic, "--num-records", Long.toString(records), "--record-size", Integer.toString(recordSize),
        "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrapServers, "acks=all")));
  }

  /** Reads {@code messages} records of the topic from the beginning, in a new consumer group. */
  KafkaToolOutput.ConsumerSummary consumer(String topic, long messages, String group, String label)
      throws InterruptedException {
    return KafkaToolOutput.consumer(run("org.apache.kafka.tools.ConsumerPerformance", label, List.of(
        "--bootstrap-server", bootstrapServers, "--topic", topic, "--messages", Long.toString(messages),
        "--group", group, "--timeout", "60000")));
  }

  private String run(String mainClass, String label, List<String> args) throws InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Launcher.java());
    command.addAll(Launcher.javaOpts());
    command.addAll(List.of("-cp", benchJar().toString(), mainClass));
    command.addAll(args);
    Path log = runDir.resolve(label + ".log");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(mainClass + " did not finish within 10 minutes; see " + log);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(mainClass + " failed (exit " + process.exitValue() + "); see " + log);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path benchJar() {
    try {
      return Path.of(KafkaPerfTools.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
