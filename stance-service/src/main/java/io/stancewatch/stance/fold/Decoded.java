package io.stancewatch.stance.fold;

import io.stancewatch.events.StatementEvent;

/** What the decode step made of one record of the statement log. */
sealed interface Decoded {

  /** The record decoded: its event, to be folded. */
  record Event(StatementEvent event) implements Decoded {}

  /** The record did not decode: its key and value as received, for the dead-letter topic. */
  record DeadLetter(byte[] key, byte[] value) implements Decoded {}
}
