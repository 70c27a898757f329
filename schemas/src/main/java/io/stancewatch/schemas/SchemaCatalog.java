package io.stancewatch.schemas;

import io.stancewatch.events.ActorProfile;
import io.stancewatch.events.HistoryEntry;
import io.stancewatch.events.PairStance;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.StatementEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Every writer schema a reader may meet, indexed by fingerprint: the current ones and those of
 * every released version (kept under {@code released/<version>/}), so values already in the
 * log and in state stores keep decoding after a schema evolves.
 */
public final class SchemaCatalog {

  /** Released versions whose schemas are kept; add the outgoing version on each release that changes a schema. */
  public static final List<String> RELEASES = List.of("0.1.0");
  /** The .avsc files of a release, in an order where each one only names types defined before it. */
  public static final List<String> FILES = List.of("Stance", "ActorKind", "StatementEvent", "StanceChanged", "ActorStances");
  /** The top-level value schemas, one per topic. */
  public static final List<Schema> CURRENT = List.of(StatementEvent.getClassSchema(), StanceChanged.getClassSchema(),
      PairStance.getClassSchema(), HistoryEntry.getClassSchema(), ActorProfile.getClassSchema());
  /**
   * Released value schemas whose topic is retired: nothing reads them any more, so they need not
   * stay compatible. {@code ActorStances} (topic {@code stancewatch.actor-stances}) grew with an
   * actor's history; contract revision 2 replaced it with bounded per-pair records.
   */
  public static final List<String> RETIRED = List.of("io.stancewatch.events.ActorStances");

  private static final SchemaStore.Cache STORE = new SchemaStore.Cache();

  static {
    CURRENT.forEach(STORE::addSchema);
    for (String release : RELEASES) {
      for (Schema schema : released(release)) {
        if (CURRENT.stream().anyMatch(c -> c.getFullName().equals(schema.getFullName()))) {
          STORE.addSchema(schema);
        }
      }
    }
  }

  private SchemaCatalog() {}

  public static SchemaStore store() {
    return STORE;
  }

  /** The schemas of a released version, as they were published. */
  public static List<Schema> released(String release) {
    Schema.Parser parser = new Schema.Parser();
    List<Schema> schemas = new ArrayList<>();
    for (String file : FILES) {
      String path = "released/" + release + "/" + file + ".avsc";
      try (InputStream in = SchemaCatalog.class.getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("Missing released schema " + path);
        }
        schemas.add(parser.parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return schemas;
  }
}
