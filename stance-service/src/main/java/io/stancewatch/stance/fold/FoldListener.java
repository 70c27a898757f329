package io.stancewatch.stance.fold;

/**
 * What the fold reports as it goes, so the topology needs no metrics library and its tests
 * need none ({@link #NONE}).
 */
public interface FoldListener {

  FoldListener NONE = new FoldListener() {
    @Override
    public void folded(int changes) {}

    @Override
    public void logFolded(int partition, long offset) {}

    @Override
    public void setAside(Exception reason) {}
  };

  /** One event of the log (or relay) was folded and emitted this many changes. */
  void folded(int changes);

  /** The entry at this offset of this statement log partition was folded (after {@link #folded}). */
  void logFolded(int partition, long offset);

  /** A record of the log was sent to the dead-letter topic instead of being folded, for this reason. */
  void setAside(Exception reason);
}
