package io.stancewatch.launcher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every line the processes printed, in the order they arrived, each after its process's name. */
final class RecordedOutput implements Output {

  private final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void line(String process, String line) {
    lines.add(process + ": " + line);
  }

  @Override
  public String whereToLook(String process) {
    return "see the recorded output";
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  long count(String line) {
    return lines.stream().filter(line::equals).count();
  }
}
