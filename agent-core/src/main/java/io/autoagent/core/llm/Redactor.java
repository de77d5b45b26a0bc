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

  /** Marks the high-entropy rule: it has no keyword, so a scan for a long base64 run stands in. */
  private static final String BASE64_RUN = "\u0000base64-run";
  private static final int MIN_ENTROPY_RUN = 40;

  private static final List<Rule> RULES =
      List.of(
          new Rule(
              Pattern.compile(
                  "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\\s\\S]*?(?:-----END \\1PRIVATE KEY-----|$)"),
              m -> "[REDACTED:private-key]", "-----begin"),
          new Rule(
              Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^:@/\\s]*:)([^@/\\s]+)@"),
              m -> m.group(1) + "[REDACTED:password]@", "://"),
          new Rule(
              Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"),
              m -> "[REDACTED:jwt]", "eyj"),
          new Rule(
              Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/-]{8,}=*"),
              m -> m.group(1) + "[REDACTED:token]", "bearer"),
          new Rule(
              Pattern.compile("(?i)\\b(basic\\s+)([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])"),
              m -> looksEncoded(m.group(2)) ? m.group(1) + "[REDACTED:credentials]" : m.group(), "basic"),
          new Rule(
              Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b"),
              m -> "[REDACTED:aws-access-key]", "akia", "asia", "abia", "acca", "agpa", "aida", "aroa", "anpa", "anva", "aipa"),
          new Rule(Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"), m -> "[REDACTED:gcp-api-key]", "aiza"),
          new Rule(Pattern.compile("\\bya29\\.[0-9A-Za-z_-]{10,}"), m -> "[REDACTED:gcp-token]", "ya29."),
          new Rule(
              Pattern.compile("(?i)\\b(AccountKey|SharedAccessKey|SharedAccessSignature)=([^;\\s\"']+)"),
              m -> m.group(1) + "=[REDACTED:azure-key]", "accountkey", "sharedaccesskey", "sharedaccesssignature"),
          new Rule(Pattern.compile("(?i)([?&]sig=)[^&\\s\"']+"), m -> m.group(1) + "[REDACTED:azure-sas]", "sig="),
          new Rule(
              Pattern.compile(
                  "\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abposr]-[A-Za-z0-9-]{10,}"
                      + "|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|glpat-[A-Za-z0-9_-]{20,})"),
              m -> "[REDACTED:token]", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "sk-", "glpat-"),
          new Rule(
              Pattern.compile(
                  "(?i)([\\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key"
                      + "|private[_-]?key|credentials?|client[_-]?secret)[\\w.-]*)(\"?\\s*[:=]\\s*\"?)"
                      + "(?!\\[REDACTED)([^\\s\"',;&}\\]]+)"),
              m -> m.group(1) + m.group(2) + "[REDACTED]", "pass", "pwd", "secret", "token", "key", "credential"),
          new Rule(
              Pattern.compile(
                  "(?<![A-Za-z0-9+/=_-])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[0-9])"
                      + "[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=_-])"),
              m -> "[REDACTED:high-entropy]", BASE64_RUN));

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
    String lower = out.toLowerCase(java.util.Locale.ROOT);
    for (Rule rule : rules) {
      if (rule.mayMatch(out, lower)) {
        String next = rule.apply(out);
        if (!next.equals(out)) {
          out = next;
          lower = out.toLowerCase(java.util.Locale.ROOT);
        }
      }
    }
    return out;
  }

  /** A basic-auth token rather than an English word: has a digit, a symbol or inner capitals. */
  private static boolean looksEncoded(String token) {
    return token.chars().anyMatch(c -> Character.isDigit(c) || c == '+' || c == '/' || c == '=')
        || token.substring(1).chars().anyMatch(Character::isUpperCase);
  }

  /**
   * A pattern, its replacement, and lower-case literals at least one of which every match
   * contains: when none occurs in the text the pattern cannot match and is not run (regexes over
   * every evidence string were most of an analysis's CPU).
   */
  private record Rule(Pattern pattern, Function<MatchResult, String> replacement, String... hints) {
    boolean mayMatch(String text, String lower) {
      if (hints.length == 0) {
        return true;
      }
      if (hints[0] == BASE64_RUN) {
        return hasBase64Run(text);
      }
      for (String hint : hints) {
        if (lower.contains(hint)) {
          return true;
        }
      }
      return false;
    }

    String apply(String text) {
      Matcher m = pattern.matcher(text);
      return m.find() ? m.reset().replaceAll(r -> Matcher.quoteReplacement(replacement.apply(r))) : text;
    }
  }

  private static boolean hasBase64Run(String text) {
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean b64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
      run = b64 ? run + 1 : 0;
      if (run >= MIN_ENTROPY_RUN) {
        return true;
      }
    }
    return false;
  }
}
