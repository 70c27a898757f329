package io.stancewatch.localkafka;

import io.stancewatch.schemas.Topics;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The KRaft cluster a {@link LocalKafka} node belongs to: a static quorum in which every node
 * is both broker and controller, nodes numbered from 1 in the order of their controller ports,
 * all formatted with the same cluster id.
 *
 * @param nodeId this node's id, 1 to the number of nodes
 * @param controllerPorts each node's controller port on 127.0.0.1, node 1's first
 * @param clusterId the id every node's log is formatted with (Kafka's base64 form of a UUID)
 */
public record Quorum(int nodeId, List<Integer> controllerPorts, String clusterId) {

  public Quorum {
    controllerPorts = List.copyOf(controllerPorts);
    if (nodeId < 1 || nodeId > controllerPorts.size()) {
      throw new IllegalArgumentException("node id " + nodeId + " is not one of the " + controllerPorts.size() + " nodes");
    }
  }

  public int size() {
    return controllerPorts.size();
  }

  public int controllerPort() {
    return controllerPorts.get(nodeId - 1);
  }

  /** {@code controller.quorum.voters}: {@code 1@127.0.0.1:<port>,2@...}. */
  public String voters() {
    return IntStream.rangeClosed(1, size()).mapToObj(id -> id + "@127.0.0.1:" + controllerPorts.get(id - 1))
        .collect(Collectors.joining(","));
  }

  /** Replicas of every partition, the internal topics' and the contract's: three at most. */
  public short replicationFactor() {
    return (short) Math.min(size(), 3);
  }

  /** {@code min.insync.replicas} of the broker and its internal topics, by the contract topics' rule. */
  public int minInsyncReplicas() {
    return Topics.minInsyncReplicas(replicationFactor());
  }
}
