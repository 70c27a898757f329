package io.stancewatch.cli;

import io.stancewatch.events.StanceChanged;

/**
 * What {@code tail} was asked for: the cluster, which changes to print (null: any actor or
 * topic), and whether to start at the beginning of the change topic instead of its end.
 */
record TailOptions(String bootstrapServers, String actor, String topic, boolean fromBeginning) {

  static final String SYNOPSIS = "tail [--bootstrap-servers HOST:PORT] [--actor ACTOR] [--topic TOPIC] [--from-beginning]";

  /** Parses the arguments after {@code tail}; an unknown option or a missing value is an IllegalArgumentException. */
  static TailOptions parse(String... args) {
    String bootstrapServers = "127.0.0.1:9092";
    String actor = null;
    String topic = null;
    boolean fromBeginning = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--bootstrap-servers" -> bootstrapServers = value(args, ++i);
        case "--actor" -> actor = value(args, ++i);
        case "--topic" -> topic = value(args, ++i);
        case "--from-beginning" -> fromBeginning = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    return new TailOptions(bootstrapServers, actor, topic, fromBeginning);
  }

  boolean matches(StanceChanged change) {
    return (actor == null || actor.equals(change.getActor())) && (topic == null || topic.equals(change.getTopic()));
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
