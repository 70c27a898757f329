package io.stancewatch.stance.fold;

import io.stancewatch.domain.StatementEvents;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.DeadLetters;
import io.stancewatch.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * it was read. A dead letter produces no snapshot ({@link io.stancewatch.schemas.FoldProgress}
 * says why read-your-writes never waits for one).
 *
 * <p>Decoding here rather than in a deserialization exception handler keeps the dead letter in
 * the task's exactly-once transaction, with the input offset: after a crash it is neither lost
 * nor written twice.
 */
final class StatementDecoder implements Processor<byte[], byte[], String, Decoded> {

  private static final Logger LOG = LoggerFactory.getLogger(StatementDecoder.class);

  private ProcessorContext<String, Decoded> context;

  @Override
  public void init(ProcessorContext<String, Decoded> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    try {
      StatementEvent event = decode(record.key(), record.value());
      context.forward(record.withKey(StatementEvents.speaker(event)).withValue(new Decoded.Event(event)));
    } catch (SerializationException e) {
      RecordMetadata source = context.recordMetadata().orElseThrow();
      LOG.warn("Record {}-{}@{} of the statement log does not decode, sent to {}: {}",
          source.topic(), source.partition(), source.offset(), Topics.STATEMENTS_DLQ.name(), e.getMessage());
      context.forward(record.<String>withKey(null)
          .<Decoded>withValue(new Decoded.DeadLetter(record.key(), record.value()))
          .withHeaders(DeadLetters.headers(record.headers(), e,
              new DeadLetters.Origin(source.topic(), source.partition(), source.offset()))));
    }
  }

  private static StatementEvent decode(byte[] key, byte[] value) {
    if (value == null) {
      throw new SerializationException("No value: every record of the statement log holds a StatementEvent");
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
