package io.stancewatch.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what {@code wrk --latency} prints: the request rate, failures and the latency distribution. */
record WrkOutput(double requestsPerSec, long requests, long non2xx, long socketErrors, Map<Integer, Double> latencyMs) {

  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern PERCENTILE = Pattern.compile("^\\s+(\\d+)%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

  static WrkOutput parse(String output) {
    Matcher rate = RATE.matcher(output);
    Matcher total = TOTAL.matcher(output);
    if (!rate.find() || !total.find()) {
      throw new IllegalArgumentException("no request rate in wrk's output:\n" + output);
    }
    Matcher non2xx = NON_2XX.matcher(output);
    Matcher errors = SOCKET_ERRORS.matcher(output);
    long socketErrors = 0;
    if (errors.find()) {
      for (int g = 1; g <= 4; g++) {
        socketErrors += Long.parseLong(errors.group(g));
      }
    }
    Map<Integer, Double> latency = new TreeMap<>();
    Matcher p = PERCENTILE.matcher(output);
    while (p.find()) {
      double value = Double.parseDouble(p.group(2));
      double ms = switch (p.group(3)) {
        case "us" -> value / 1000;
        case "s" -> value * 1000;
        default -> value;
      };
      latency.put(Integer.parseInt(p.group(1)), ms);
    }
    return new WrkOutput(Double.parseDouble(rate.group(1)), Long.parseLong(total.group(1)),
        non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors, latency);
  }
}
