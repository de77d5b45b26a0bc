package io.autoagent.core.llm;

import io.autoagent.core.Memo;
import io.autoagent.core.llm.RedactionRules.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * The agent's one redaction: removes credentials from text before it leaves the process (NATS
 * publications, LLM requests, archives, Slack, tickets, pull requests, logs). It knows private-key
 * blocks (whole, BEGIN through END), passwords in URLs and connection strings, {@code
 * Authorization} headers, bearer and basic credentials, JWTs, cloud and SaaS tokens by their
 * documented shapes, values of keys named like credentials in every syntax ({@code .env}, JSON,
 * YAML, Python dicts, XML, command-line flags), long high-entropy strings, the values of keys the
 * caller names as secret ({@link #withKeys}: environment variables that come from Secrets) and
 * exact values the caller knows are secret ({@link #withLiterals}). Each credential becomes {@code
 * [REDACTED]}; keys, schemes and quotes stay so a reader still sees what was there.
 *
 * <p>Immutable and thread-safe. Pattern redaction is a pure function of the text and is remembered
 * by input (an alert storm redacts the same log lines again and again); instances derived with
 * {@link #withKeys} or {@link #withLiterals} share that memory. Redaction is best effort on
 * patterns; literal values are exact.
 */
public final class Redactor {

  /** Leaves text unchanged ({@code LLM_REDACT=false}, for the LLM input only). */
  public static final Redactor NONE = new Redactor(null, null, List.of(), false);

  /** What every credential becomes. */
  public static final String MARK = RedactionRules.MARK;

  private static final int MIN_LITERAL_LENGTH = 4;

  /** Values learned from text shorter than this, or ordinary words, are not redacted everywhere. */
  private static final int MIN_LEARNED_LENGTH = 6;

  private static final Set<String> NOT_SECRETS =
      Set.of(
          "true",
          "false",
          "null",
          "none",
          "nil",
          "undefined",
          "changeme",
          "redacted",
          "******",
          "<none>",
          "empty",
          "required",
          "optional",
          "secret",
          "password",
          "string");

  /**
   * Characters of remembered pattern redactions kept at most (both sides counted): about 8 MiB of
   * heap.
   */
  static final long MAX_REMEMBERED_CHARS = 4L * 1024 * 1024;

  private final Memo<String, String> remembered;

  /** What the pattern rules find in a text, remembered by input like {@link #remembered}. */
  private final Memo<String, List<String>> learnedByPattern;

  private final Memo<String, Boolean> secretKeys = Memo.ofEntries(4096);
  private final Rule keys;
  private final List<String> literals;
  private final boolean enabled;

  /** Redacts by pattern only. */
  public Redactor() {
    this(
        Memo.ofWeight(MAX_REMEMBERED_CHARS, String::length, String::length), null, List.of(), true);
  }

  private Redactor(
      Memo<String, String> remembered, Rule keys, List<String> literals, boolean enabled) {
    this(
        remembered,
        Memo.ofWeight(MAX_REMEMBERED_CHARS / 4, String::length, v -> v.size() * 16L),
        keys,
        literals,
        enabled);
  }

  private Redactor(
      Memo<String, String> remembered,
      Memo<String, List<String>> learnedByPattern,
      Rule keys,
      List<String> literals,
      boolean enabled) {
    this.learnedByPattern = learnedByPattern;
    this.remembered = remembered;
    this.keys = keys;
    this.literals = literals;
    this.enabled = enabled;
  }

  /**
   * This redactor, also removing these exact values wherever they occur (longest first); values
   * shorter than four characters are ignored, as replacing them would mangle ordinary words.
   */
  public Redactor withLiterals(Collection<String> values) {
    if (!enabled || values == null || values.isEmpty()) {
      return this;
    }
    List<String> all =
        Stream.concat(literals.stream(), values.stream())
            .filter(v -> v != null && v.length() >= MIN_LITERAL_LENGTH && !v.contains(MARK))
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
    return new Redactor(remembered, learnedByPattern, keys, all, true);
  }

  /**
   * This redactor, also treating these names as credential keys, in any case and syntax: {@code
   * DB_PASS=v}, {@code DB_PASS: v}, {@code "DB_PASS": "v"}. Blank names are ignored.
   */
  public Redactor withKeys(Collection<String> names) {
    if (!enabled || names == null || names.isEmpty()) {
      return this;
    }
    Set<String> all = new LinkedHashSet<>(keyNames());
    names.stream().filter(n -> n != null && !n.isBlank()).map(String::trim).forEach(all::add);
    return all.isEmpty()
        ? this
        : new Redactor(remembered, learnedByPattern, RedactionRules.forKeys(all), literals, true);
  }

  private List<String> keyNames() {
    return keys == null ? List.of() : List.of(keys.hints());
  }

  public boolean enabled() {
    return enabled;
  }

  /** The text with every credential replaced; null stays null. */
  public String redact(String text) {
    if (!enabled || text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String literal : literals) {
      if (out.contains(literal)) {
        out = out.replace(literal, MARK);
      }
    }
    if (keys != null && keys.mayMatch(out, out.toLowerCase(Locale.ROOT))) {
      out = keys.apply(out);
    }
    return remembered.get(out, Redactor::byPattern);
  }

  /**
   * Whether a field of this name holds a credential as a whole ({@code password}, {@code
   * client_secret}, {@code DB_PASS} when named by {@link #withKeys}): its value is redacted whole,
   * whatever it looks like. {@code secret} alone is not one: the agent's own documents name a
   * Kubernetes Secret with it.
   */
  public boolean isSecretKey(String name) {
    if (!enabled
        || name == null
        || name.isEmpty()
        || name.equalsIgnoreCase("secret")
        || name.length() > 100) {
      return false;
    }
    // this redactor's keys and patterns never change: the whole answer is remembered by name
    return secretKeys.get(name, this::secretKeyNow).booleanValue();
  }

  private Boolean secretKeyNow(String name) {
    String probe = name + "=probe-value";
    if (keys != null
        && keys.mayMatch(probe, probe.toLowerCase(Locale.ROOT))
        && !keys.apply(probe).equals(probe)) {
      return Boolean.TRUE;
    }
    return byPattern(probe).startsWith(name + "=" + MARK);
  }

  /**
   * The lines redacted as one text would be: a private key that begins in one line and ends some
   * lines later (a log quoted line by line) goes whole, every line of it.
   */
  public List<String> redactLines(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    boolean inKey = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!inKey && closesPrivateKey(line) && !RedactionRules.PEM_BEGIN.matcher(line).find()) {
        // a key cut off at its start (a log tail that begins inside it): its body lines before the
        // END
        for (int j = i - 1; j >= 0 && isKeyBody(lines.get(j)); j--) {
          out.set(j, MARK);
        }
      }
      out.add(inKey ? continueKey(line) : redact(line));
      inKey = inKey ? !closesPrivateKey(line) : opensPrivateKey(line);
    }
    return out;
  }

  /** A line that is nothing but base64, as a PEM body's lines are (after any indentation). */
  private static boolean isKeyBody(String line) {
    if (line == null) {
      return false;
    }
    String t = line.strip();
    return t.length() >= 4
        && t.chars()
            .allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '/' || c == '=');
  }

  /**
   * A line inside a private key split over several texts: all of it up to the END line, then the
   * rest redacted.
   */
  public String continueKey(String line) {
    if (line == null) {
      return null;
    }
    Matcher end = RedactionRules.PEM_END.matcher(line);
    return end.find() ? MARK + redact(line.substring(end.end())) : MARK;
  }

  /** Whether the text starts a private key it does not end (the rest is in the texts after it). */
  public static boolean opensPrivateKey(String text) {
    if (text == null || !text.toLowerCase(Locale.ROOT).contains("private key")) {
      return false;
    }
    Matcher begin = RedactionRules.PEM_BEGIN.matcher(text);
    int last = -1;
    while (begin.find()) {
      last = begin.end();
    }
    return last >= 0 && !RedactionRules.PEM_END.matcher(text).region(last, text.length()).find();
  }

  /** Whether the text holds the END line of a private key. */
  public static boolean closesPrivateKey(String text) {
    return text != null && RedactionRules.PEM_END.matcher(text).find();
  }

  /**
   * The credential values this redactor's key/value rules find in the text ({@code DB_PASS=v},
   * {@code 'password': 'v'}, a URL's password, an {@code Authorization} header's credentials): a
   * value seen once beside its key can then be redacted wherever else it appears ({@link
   * #withLiterals}). Values shorter than six characters and placeholder words are left out.
   */
  public Set<String> learn(String text) {
    Set<String> found = new LinkedHashSet<>();
    if (!enabled || text == null || text.isEmpty()) {
      return found;
    }
    List<String> values = new ArrayList<>(learnedByPattern.get(text, Redactor::learnByPattern));
    if (keys != null && keys.mayMatch(text, text.toLowerCase(Locale.ROOT))) {
      keys.learn(text, values);
    }
    for (String value : values) {
      if (value.length() >= MIN_LEARNED_LENGTH
          && !value.contains(MARK)
          && !NOT_SECRETS.contains(value.toLowerCase(Locale.ROOT))
          && !value.startsWith("$")) {
        found.add(value);
      }
    }
    return found;
  }

  private static List<String> learnByPattern(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    List<String> values = new ArrayList<>();
    for (Rule rule : RedactionRules.ALL) {
      if (rule.secretGroup() >= 0 && rule.mayMatch(text, lower)) {
        rule.learn(text, values);
      }
    }
    return List.copyOf(values);
  }

  private static String byPattern(String text) {
    String out = text;
    String lower = out.toLowerCase(Locale.ROOT);
    for (Rule rule : RedactionRules.ALL) {
      if (rule.mayMatch(out, lower)) {
        String next = rule.apply(out);
        if (!next.equals(out)) {
          out = next;
          lower = out.toLowerCase(Locale.ROOT);
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "Redactor["
        + (enabled
            ? RedactionRules.ALL.size()
                + " rules, "
                + keyNames().size()
                + " keys, "
                + literals.size()
                + " values"
            : "off")
        + "]";
  }
}
