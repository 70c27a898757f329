package io.stancewatch.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bench's answer: one row per key of issues 6 and 12 (a ratio or a value against its target),
 * the absolute numbers behind each, and how the run was made. The same keys name the table's
 * rows and the top-level fields of {@code bench-results.json}.
 */
final class Results {

  /** One key: its value, its target ("≥ 0.6", "≤ 50", or "report") and how it was obtained. */
  record Row(String key, double value, String target, String measured) {

    /** Whether the value meets the target; null when there is none to meet. */
    Boolean met() {
      if (target.startsWith("≥ ")) {
        return value >= Double.parseDouble(target.substring(2));
      }
      if (target.startsWith("≤ ")) {
        return value <= Double.parseDouble(target.substring(2));
      }
      return null;
    }
  }

  private final List<Row> rows = new ArrayList<>();
  private final Map<String, Object> details = new LinkedHashMap<>();
  private final Map<String, Object> run = new LinkedHashMap<>();

  void row(String key, double value, String target, String measured) {
    rows.add(new Row(key, value, target, measured));
  }

  void detail(String name, Object value) {
    details.put(name, value);
  }

  void run(String name, Object value) {
    run.put(name, value);
  }

  List<Row> rows() {
    return rows;
  }

  /** Top-level keys as in the table, then {@code details} (absolute numbers) and {@code run} (sizes, machine). */
  Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    rows.forEach(r -> json.put(r.key(), round(r.value())));
    Map<String, Object> targets = new LinkedHashMap<>();
    rows.forEach(r -> targets.put(r.key(), Map.of("target", r.target(), "met", String.valueOf(r.met()))));
    json.put("targets", targets);
    json.put("details", details);
    json.put("run", run);
    return json;
  }

  String table() {
    int keyWidth = rows.stream().mapToInt(r -> r.key().length()).max().orElse(3);
    StringBuilder out = new StringBuilder();
    String format = "%-" + keyWidth + "s  %10s  %-7s  %-4s  %s%n";
    out.append(String.format(Locale.ROOT, format, "key", "value", "target", "met", "measured"));
    for (Row r : rows) {
      Boolean met = r.met();
      out.append(String.format(Locale.ROOT, format, r.key(), format(r.value()), r.target(),
          met == null ? "" : met ? "yes" : "no", r.measured()));
    }
    return out.toString();
  }

  /** Whole numbers from 100 up; ratios with three decimals, so 0.799 never shows as a met 0.80. */
  static String format(double value) {
    return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.3f", value);
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
