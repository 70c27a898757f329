package io.stancewatch.localkafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumTest {

  @Test
  void everyNodeIsAVoterNumberedInTheOrderOfItsControllerPort() {
    Quorum quorum = new Quorum(2, List.of(7001, 7002, 7003), "id");

    assertEquals("1@127.0.0.1:7001,2@127.0.0.1:7002,3@127.0.0.1:7003", quorum.voters());
    assertEquals(7002, quorum.controllerPort());
    assertEquals(3, quorum.size());
  }

  @Test
  void threeReplicasAtMostAndOneNodeMayFailWhenThereAreThree() {
    assertEquals(List.of(1, 1), replicasAndMinInsync(1));
    assertEquals(List.of(2, 1), replicasAndMinInsync(2));
    assertEquals(List.of(3, 2), replicasAndMinInsync(3));
    assertEquals(List.of(3, 2), replicasAndMinInsync(5));
  }

  @Test
  void aNodeIdOutsideTheQuorumIsRefused() {
    assertEquals("node id 4 is not one of the 3 nodes", assertThrows(IllegalArgumentException.class,
        () -> new Quorum(4, List.of(7001, 7002, 7003), "id")).getMessage());
  }

  private static List<Integer> replicasAndMinInsync(int nodes) {
    Quorum quorum = new Quorum(1, Collections.nCopies(nodes, 7001), "id");
    return List.of((int) quorum.replicationFactor(), quorum.minInsyncReplicas());
  }
}
