package io.stancewatch.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stancewatch.events.ActorStances;
import io.stancewatch.events.HistoryEntry;
import io.stancewatch.events.Stance;
import io.stancewatch.events.TopicStance;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The build fails on a breaking schema change: every current value schema must read what each
 * released version wrote (backward) and be readable by it (forward), per Avro's own rules.
 */
class SchemaCompatibilityTest {

  static Stream<Arguments> releasedSchemas() {
    return SchemaCatalog.RELEASES.stream().flatMap(release -> SchemaCatalog.released(release).stream()
        .filter(s -> s.getType() == Schema.Type.RECORD)
        .map(s -> Arguments.of(release, s.getFullName(), s)));
  }

  @ParameterizedTest(name = "{1} of {0}")
  @MethodSource("releasedSchemas")
  void currentSchemaIsBackwardAndForwardCompatible(String release, String name, Schema old) {
    Schema current = SchemaCatalog.CURRENT.stream().filter(s -> s.getFullName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " of " + release + " was removed"));
    assertCompatible(SchemaCompatibility.checkReaderWriterCompatibility(current, old), "reads " + release);
    assertCompatible(SchemaCompatibility.checkReaderWriterCompatibility(old, current), "readable by " + release);
  }

  @Test
  void valueWrittenWithAReleasedSchemaStillDecodes() throws Exception {
    Schema old = SchemaCatalog.released("0.1.0").stream()
        .filter(s -> s.getFullName().equals(ActorStances.getClassSchema().getFullName())).findFirst().orElseThrow();
    Schema topicSchema = old.getField("topics").schema().getElementType();
    Schema entrySchema = topicSchema.getField("history").schema().getElementType();
    GenericRecord entry = new GenericData.Record(entrySchema);
    entry.put("statementId", "s-1");
    entry.put("stance", new GenericData.EnumSymbol(entrySchema.getField("stance").schema(), "OPPOSE"));
    entry.put("strength", 1.0);
    entry.put("occurredAt", Instant.parse("2025-02-12T10:00:00Z").toEpochMilli());
    entry.put("retracted", false);
    GenericRecord topic = new GenericData.Record(topicSchema);
    topic.put("topic", "ukraine-nato-membership");
    topic.put("changeSequence", 1L);
    topic.put("history", List.of(entry));
    GenericRecord snapshot = new GenericData.Record(old);
    snapshot.put("actor", "pete-hegseth");
    snapshot.put("topics", List.of(topic));
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(snapshot).array();

    ActorStances decoded = new AvroSerde<ActorStances>(ActorStances.getClassSchema()).decode(bytes);

    TopicStance read = decoded.getTopics().get(0);
    HistoryEntry history = read.getHistory().get(0);
    assertEquals(Stance.OPPOSE, history.getStance());
    assertEquals(null, history.getOnBehalfOf(), "a field added later takes its default");
  }

  private static void assertCompatible(SchemaCompatibility.SchemaPairCompatibility result, String what) {
    assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(), what + ": " + result.getDescription());
  }
}
