package io.stancewatch.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where the lines a started process prints go, and where to tell a reader to look for them. */
public interface Output {

  /** One line {@code process} printed, on its standard output or error. */
  void line(String process, String line);

  /** Where {@code process}'s lines can be read, for a message saying why it failed. */
  String whereToLook(String process);

  /** Standard output, each line after the process's name in brackets, as {@code ./stancewatch up} shows them. */
  static Output echo() {
    return new Output() {
      @Override
      public void line(String process, String line) {
        System.out.println("[" + process + "] " + line);
      }

      @Override
      public String whereToLook(String process) {
        return "see its output above";
      }
    };
  }

  /** A log file per process, {@code dir/<name>.log}, appended to when the process is started again. */
  static Output logFiles(Path dir) {
    return new Output() {
      @Override
      public void line(String process, String line) {
        try {
          Files.writeString(file(process), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public String whereToLook(String process) {
        return "see " + file(process);
      }

      private Path file(String process) {
        return dir.resolve(process + ".log");
      }
    };
  }
}
