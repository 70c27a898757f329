package io.stancewatch.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.events.Stance;
import io.stancewatch.events.StanceChanged;
import java.time.Instant;
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
        .filter(s -> s.getType() == Schema.Type.RECORD && !SchemaCatalog.RETIRED.contains(s.getFullName()))
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
    Schema old = released("0.1.0", StanceChanged.getClassSchema().getFullName());
    GenericRecord change = new GenericData.Record(old);
    change.put("actor", "pete-hegseth");
    change.put("topic", "ukraine-nato-membership");
    change.put("newStance", new GenericData.EnumSymbol(Stance.getClassSchema(), "OPPOSE"));
    change.put("newPosition", -1.0);
    change.put("causeStatementId", "s-1");
    change.put("cause", new GenericData.EnumSymbol(old.getField("cause").schema(), "STATEMENT"));
    change.put("occurredAt", Instant.parse("2025-02-12T10:00:00Z").toEpochMilli());
    change.put("detectedAt", Instant.parse("2025-02-12T10:00:01Z").toEpochMilli());
    change.put("sequence", 1L);
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(change).array();

    StanceChanged decoded = Topics.STANCE_CHANGES.valueSerde().deserializer().deserialize("t", bytes);

    assertEquals(Stance.OPPOSE, decoded.getNewStance());
    assertEquals(null, decoded.getPreviousStance());
  }

  @Test
  void retiredSchemasAreNoLongerCurrent() {
    for (String retired : SchemaCatalog.RETIRED) {
      assertTrue(SchemaCatalog.CURRENT.stream().noneMatch(s -> s.getFullName().equals(retired)), retired);
    }
  }

  private static Schema released(String release, String name) {
    return SchemaCatalog.released(release).stream().filter(s -> s.getFullName().equals(name)).findFirst().orElseThrow();
  }

  private static void assertCompatible(SchemaCompatibility.SchemaPairCompatibility result, String what) {
    assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(), what + ": " + result.getDescription());
  }
}
