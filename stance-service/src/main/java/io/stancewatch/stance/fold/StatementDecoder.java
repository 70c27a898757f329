package io.stancewatch.stance.fold;

import io.stancewatch.domain.StatementEvents;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.DeadLetters;
import io.stancewatch.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of the fold: decodes each record of the statement log, read as bytes, into a
 * {@link StatementEvent} keyed by its speaker. A record that does not decode (not Avro, another
 * schema, no value, or a key that is not its speaker's slug) becomes a dead letter: its key,
 * value and headers as received, plus {@link DeadLetters} headers naming the error and where
 * it was read. So does a record too large to fold: each output and store value carries one
 * statement's text, and one record the producer refused would stop the fold of every actor
 * (Kafka Streams fails the task and, restarted, folds the same record again); set aside, the
 * statement is kept as received, and the fold goes on.
 *
 * <p>Decoding here rather than in a deserialization exception handler keeps the dead letter in
 * the task's exactly-once transaction, with the input offset: after a crash it is neither lost
 * nor written twice.
 */
final class StatementDecoder implements Processor<byte[], byte[], String, Decoded> {

  private static final Logger LOG = LoggerFactory.getLogger(StatementDecoder.class);

  private final int maxStatementBytes;
  private final FoldListener metrics;
  private ProcessorContext<String, Decoded> context;

  StatementDecoder(int maxStatementBytes, FoldListener metrics) {
    this.maxStatementBytes = maxStatementBytes;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Decoded> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    try {
      StatementEvent event = decode(record.key(), record.value());
      context.forward(record.withKey(StatementEvents.speaker(event)).withValue(new Decoded.Event(event)));
    } catch (SerializationException | RecordTooLargeException e) {
      RecordMetadata source = context.recordMetadata().orElseThrow();
      LOG.warn("Record {}-{}@{} of the statement log is not folded, sent to {}: {}",
          source.topic(), source.partition(), source.offset(), Topics.STATEMENTS_DLQ.name(), e.getMessage());
      metrics.setAside(e);
      context.forward(record.<String>withKey(null)
          .<Decoded>withValue(new Decoded.DeadLetter(record.key(), record.value()))
          .withHeaders(DeadLetters.headers(record.headers(), e,
              new DeadLetters.Origin(source.topic(), source.partition(), source.offset()))));
    }
  }

  private StatementEvent decode(byte[] key, byte[] value) {
    if (value == null) {
      throw new SerializationException("No value: every record of the statement log holds a StatementEvent");
    }
    int size = value.length + (key == null ? 0 : key.length);
    if (size > maxStatementBytes) {
      throw new RecordTooLargeException("The record is " + size + " bytes, over the " + maxStatementBytes
          + " bytes a statement may have to be folded (stancewatch.fold.max-statement-bytes)");
    }
    StatementEvent event = Topics.STATEMENTS.valueSerde().deserializer().deserialize(Topics.STATEMENTS.name(), value);
    String speaker = StatementEvents.speaker(event);
    // The log is partitioned by speaker and each task keeps the state of its partition's
    // actors: folding a record filed under another key would split an actor's state in two.
    if (key == null || !Arrays.equals(key, speaker.getBytes(StandardCharsets.UTF_8))) {
      throw new SerializationException("The key is not the slug of the speaker, '" + speaker + "'");
    }
    return event;
  }
}
