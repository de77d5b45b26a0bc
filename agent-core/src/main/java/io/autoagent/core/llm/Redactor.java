package io.autoagent.core.llm;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it leaves the process: private keys, passwords in URLs and
 * connection strings, bearer and basic credentials, JWTs, AWS / GCP / Azure keys, common API
 * tokens, values of sensitive-looking variables ({@code DB_PASSWORD=...}), long high-entropy
 * strings, and any literal values the caller knows are secret (values of Kubernetes Secrets and of
 * environment variables sourced from them). Each is replaced with {@code [REDACTED:<kind>]} so the
 * model still sees that a credential was there.
 *
 * <p>Immutable and thread-safe. Redaction is best effort on patterns; literal values are exact.
 */
public final class Redactor {

  /** Leaves text unchanged ({@code LLM_REDACT=false}). */
  public static final Redactor NONE = new Redactor(List.of(), List.of(), false);

  private static final int MIN_LITERAL_LENGTH = 4;

  private static final List<Rule> RULES =
      List.of(
          new Rule(
              Pattern.compile(
                  "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\\s\\S]*?(?:-----END \\1PRIVATE KEY-----|$)"),
              m -> "[REDACTED:private-key]"),
          new Rule(
              Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^:@/\\s]*:)([^@/\\s]+)@"),
              m -> m.group(1) + "[REDACTED:password]@"),
          new Rule(
              Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"),
              m -> "[REDACTED:jwt]"),
          new Rule(
              Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/-]{8,}=*"),
              m -> m.group(1) + "[REDACTED:token]"),
          new Rule(
              Pattern.compile("(?i)\\b(basic\\s+)([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])"),
              m -> looksEncoded(m.group(2)) ? m.group(1) + "[REDACTED:credentials]" : m.group()),
          new Rule(
              Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b"),
              m -> "[REDACTED:aws-access-key]"),
          new Rule(Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"), m -> "[REDACTED:gcp-api-key]"),
          new Rule(Pattern.compile("\\bya29\\.[0-9A-Za-z_-]{10,}"), m -> "[REDACTED:gcp-token]"),
          new Rule(
              Pattern.compile("(?i)\\b(AccountKey|SharedAccessKey|SharedAccessSignature)=([^;\\s\"']+)"),
              m -> m.group(1) + "=[REDACTED:azure-key]"),
          new Rule(Pattern.compile("(?i)([?&]sig=)[^&\\s\"']+"), m -> m.group(1) + "[REDACTED:azure-sas]"),
          new Rule(
              Pattern.compile(
                  "\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abposr]-[A-Za-z0-9-]{10,}"
                      + "|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|glpat-[A-Za-z0-9_-]{20,})"),
              m -> "[REDACTED:token]"),
          new Rule(
              Pattern.compile(
                  "(?i)([\\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key"
                      + "|private[_-]?key|credentials?|client[_-]?secret)[\\w.-]*)(\"?\\s*[:=]\\s*\"?)"
                      + "(?!\\[REDACTED)([^\\s\"',;&}\\]]+)"),
              m -> m.group(1) + m.group(2) + "[REDACTED]"),
          new Rule(
              Pattern.compile(
                  "(?<![A-Za-z0-9+/=_-])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[0-9])"
                      + "[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=_-])"),
              m -> "[REDACTED:high-entropy]"));

  private final List<Rule> rules;
  private final List<String> literals;
  private final boolean enabled;

  /** Redacts by pattern only. */
  public Redactor() {
    this(RULES, List.of(), true);
  }

  private Redactor(List<Rule> rules, List<String> literals, boolean enabled) {
    this.rules = rules;
    this.literals = literals;
    this.enabled = enabled;
  }

  /**
   * This redactor, also removing these exact values (longest first); values shorter than four
   * characters are ignored, as replacing them would mangle ordinary words.
   */
  public Redactor withLiterals(Collection<String> values) {
    if (!enabled || values.isEmpty()) {
      return this;
    }
    List<String> all =
        java.util.stream.Stream.concat(literals.stream(), values.stream())
            .filter(v -> v != null && v.length() >= MIN_LITERAL_LENGTH)
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
    return new Redactor(rules, all, true);
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
      out = out.replace(literal, "[REDACTED:secret]");
    }
    for (Rule rule : rules) {
      out = rule.apply(out);
    }
    return out;
  }

  /** A basic-auth token rather than an English word: has a digit, a symbol or inner capitals. */
  private static boolean looksEncoded(String token) {
    return token.chars().anyMatch(c -> Character.isDigit(c) || c == '+' || c == '/' || c == '=')
        || token.substring(1).chars().anyMatch(Character::isUpperCase);
  }

  private record Rule(Pattern pattern, Function<MatchResult, String> replacement) {
    String apply(String text) {
      Matcher m = pattern.matcher(text);
      return m.find() ? m.reset().replaceAll(r -> Matcher.quoteReplacement(replacement.apply(r))) : text;
    }
  }
}
