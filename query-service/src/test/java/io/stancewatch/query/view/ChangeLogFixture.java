package io.stancewatch.query.view;

import io.stancewatch.events.StanceChanged;
import io.stancewatch.schemas.Topics;
import java.nio.file.Path;

/** A {@link ChangeLogView} in a database of its own, written as the reader writes it, for tests outside this package. */
public final class ChangeLogFixture implements AutoCloseable {

  private final ViewDatabase database;
  private final ChangeLogView view;

  public ChangeLogFixture(Path directory) {
    database = new ViewDatabase(directory);
    database.open();
    view = new ChangeLogView(database);
  }

  public ChangeLogView view() {
    return view;
  }

  /** Stores a change read at this topic position, in a batch of its own, and signals the streams. */
  public void append(StanceChanged change, int partition, long offset) {
    try (ViewDatabase.Batch batch = database.batch()) {
      view.put(batch, change, Topics.STANCE_CHANGES.valueSerde().serializer().serialize(Topics.STANCE_CHANGES.name(), change),
          partition, offset);
      batch.write();
    }
    view.signalAppended();
  }

  @Override
  public void close() {
    database.close();
  }
}
