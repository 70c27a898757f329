package io.stancewatch.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for an Avro-generated record using Avro single-object encoding ({@code C3 01},
 * the writer schema's CRC-64-AVRO fingerprint, then Avro binary). The decoder resolves the
 * fingerprint against {@link SchemaCatalog}, so values written with an older or newer
 * compatible schema still decode without a schema registry.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  public AvroSerde(Schema schema) {
    this(schema, SchemaCatalog.store());
  }

  public AvroSerde(Schema schema, SchemaStore resolver) {
    SpecificData model = SpecificData.getForSchema(schema);
    // Avro's fast reader plans the resolution once per writer schema instead of per record; it
    // resolves older and newer schemas the same way.
    model.setFastReaderEnabled(true);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, resolver);
  }

  public byte[] encode(T value) {
    try {
      ByteBuffer buffer = encoder.encode(value);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes one value; any malformed input becomes a {@link SerializationException}. */
  public T decode(byte[] bytes) {
    try {
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Not a valid Avro single-object encoded value: " + e.getMessage(), e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : encode(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }
}
