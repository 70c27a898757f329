package io.stancewatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP load generator: {@code wrk} with keep-alive connections and a Lua script that
 * builds each request, run once to warm up and once to measure.
 */
final class Wrk {

  static final int CONNECTIONS = 64;
  static final int THREADS = 2;

  private final Path runDir;

  Wrk(Path runDir) {
    this.runDir = runDir;
  }

  WrkOutput measure(String label, String url, String script, Duration warmUp, Duration measure)
      throws InterruptedException {
    Path scriptFile = runDir.resolve(label + ".lua");
    try {
      Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    run(label + "-warm-up", url, scriptFile, warmUp);
    return WrkOutput.parse(run(label, url, scriptFile, measure));
  }

  private String run(String label, String url, Path script, Duration duration) throws InterruptedException {
    Path log = runDir.resolve(label + ".wrk.txt");
    List<String> command = List.of("wrk", "-t" + THREADS, "-c" + CONNECTIONS, "-d" + duration.toSeconds() + "s",
        "--timeout", "10s", "--latency", "-s", script.toString(), url);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("wrk did not finish; see " + log);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException("wrk failed (exit " + process.exitValue() + "); see " + log);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run wrk (./stancewatch bench installs it): " + e.getMessage(), e);
    }
  }

  /** Each request a POST of one of {@code bodies} in turn, with the ingest token. */
  static String postScript(String path, String token, List<String> bodies) {
    StringBuilder lua = new StringBuilder("local bodies = {\n");
    for (String body : bodies) {
      lua.append("  ").append(luaString(body)).append(",\n");
    }
    return lua.append("}\n")
        .append("wrk.method = \"POST\"\n")
        .append("wrk.headers[\"Content-Type\"] = \"application/json\"\n")
        .append("wrk.headers[\"Authorization\"] = \"Bearer ").append(token).append("\"\n")
        .append("local i = 0\n")
        .append("request = function()\n")
        .append("  i = i + 1\n")
        .append("  return wrk.format(nil, ").append(luaString(path)).append(", nil, bodies[(i % #bodies) + 1])\n")
        .append("end\n").toString();
  }

  /** Each request a GET of {@code prefix/actors/A/stances/T} for a random actor and issue. */
  static String stanceGetScript(String prefix, List<String> actors, List<String> issues) {
    StringBuilder lua = new StringBuilder("local actors = {");
    actors.forEach(a -> lua.append(luaString(a)).append(","));
    lua.append("}\nlocal issues = {");
    issues.forEach(i -> lua.append(luaString(i)).append(","));
    return lua.append("}\n")
        .append("local prefix = ").append(luaString(prefix)).append("\n")
        .append("request = function()\n")
        .append("  return wrk.format(\"GET\", prefix .. \"/actors/\" .. actors[math.random(#actors)]")
        .append(" .. \"/stances/\" .. issues[math.random(#issues)])\n")
        .append("end\n").toString();
  }

  /** A Lua string literal (backslash escapes, so any JSON text fits). */
  static String luaString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
