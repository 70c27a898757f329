package io.stancewatch.schemas;

import io.stancewatch.events.ActorStances;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.StatementEvent;
import org.apache.avro.message.SchemaStore;

/**
 * Every writer schema a reader may meet, indexed by fingerprint. When a schema evolves, its
 * previous versions are added here so that values already in the log keep decoding.
 */
public final class SchemaCatalog {

  private static final SchemaStore.Cache STORE = new SchemaStore.Cache();

  static {
    STORE.addSchema(StatementEvent.getClassSchema());
    STORE.addSchema(StanceChanged.getClassSchema());
    STORE.addSchema(ActorStances.getClassSchema());
  }

  private SchemaCatalog() {}

  public static SchemaStore store() {
    return STORE;
  }
}
