package io.stancewatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WrkOutputTest {

  @Test
  void readsRateFailuresAndLatencyInMilliseconds() {
    String output = """
        Running 30s test @ http://127.0.0.1:41234
          2 threads and 64 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     3.21ms    2.10ms  45.00ms   88.00%
            Req/Sec    10.12k     1.01k   12.00k    70.00%
          Latency Distribution
             50%  812.00us
             75%    3.50ms
             90%    6.10ms
             99%    1.20s
          604321 requests in 30.00s, 98.76MB read
          Socket errors: connect 0, read 2, write 0, timeout 3
          Non-2xx or 3xx responses: 17
        Requests/sec:  20144.03
        Transfer/sec:      3.29MB
        """;

    WrkOutput wrk = WrkOutput.parse(output);

    assertEquals(20144.03, wrk.requestsPerSec(), 1e-9);
    assertEquals(604321, wrk.requests());
    assertEquals(17, wrk.non2xx());
    assertEquals(5, wrk.socketErrors());
    assertEquals(Map.of(50, 0.812, 75, 3.5, 90, 6.1, 99, 1200.0), wrk.latencyMs());
  }

  @Test
  void cleanRunHasNoFailures() {
    WrkOutput wrk = WrkOutput.parse("  10 requests in 1.00s, 1.00KB read\nRequests/sec:     10.00\n");

    assertEquals(0, wrk.non2xx());
    assertEquals(0, wrk.socketErrors());
  }
}
