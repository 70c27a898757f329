package io.stancewatch.bench;

import io.stancewatch.launcher.StackProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the bench reads of a running JVM's memory: its peak resident set, and its live heap. */
final class JvmMemory {

  /** A generation's line in {@code jcmd GC.heap_info}, as G1, Parallel and Serial print it. */
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private JvmMemory() {}

  /** Peak resident memory so far (VmHWM of /proc/PID/status), in MiB. */
  static double peakRssMb(StackProcess process) {
    process.checkAlive();
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
      }
      throw new IllegalStateException("No VmHWM in /proc/" + process.pid() + "/status of " + process.name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The heap in use right after a full collection, in bytes: {@code jcmd GC.run} (a full GC
   * unless the JVM was told to make explicit ones concurrent), then the used bytes of
   * {@code jcmd GC.heap_info}, summed over the collector's generations.
   */
  static long liveHeapBytes(StackProcess process) throws IOException, InterruptedException {
    jcmd(process, "GC.run");
    return usedHeapBytes(jcmd(process, "GC.heap_info"));
  }

  /** The heap's used bytes in {@code jcmd GC.heap_info}'s output, summed over its generations (not Metaspace). */
  static long usedHeapBytes(String heapInfo) {
    Matcher used = HEAP_USED.matcher(heapInfo);
    long kb = 0;
    boolean found = false;
    while (used.find()) {
      kb += Long.parseLong(used.group(1));
      found = true;
    }
    if (!found) {
      throw new IllegalStateException("jcmd GC.heap_info shows no heap in use in a known form: " + heapInfo);
    }
    return kb * 1024;
  }

  private static String jcmd(StackProcess process, String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Path out = Files.createTempFile("jcmd-", ".txt");
    try {
      // Into a file, so the timeout holds even if jcmd hangs without closing its output.
      Process run = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), command).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      boolean done = run.waitFor(60, TimeUnit.SECONDS);
      if (!done) {
        run.destroyForcibly();
      }
      String output = Files.readString(out, StandardCharsets.UTF_8);
      if (!done || run.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + process.pid() + " " + command + " failed for " + process.name()
            + ": " + output);
      }
      return output;
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
