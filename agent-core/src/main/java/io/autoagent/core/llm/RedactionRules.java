package io.autoagent.core.llm;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The credential shapes {@link Redactor} knows, each a pattern with a replacement and literal hints
 * (see {@link Rule}). Written from providers' documented token formats and the rule sets of public
 * secret scanners (gitleaks, trufflehog); docs/safety-redaction.md lists them.
 */
final class RedactionRules {

  static final String MARK = "[REDACTED]";

  /** Marks the high-entropy rule: it has no keyword, so a scan for a long base64 run stands in. */
  static final String BASE64_RUN = "\u0000base64-run";

  static final int MIN_ENTROPY_RUN = 40;

  /**
   * Words that end a key whose value is a credential: {@code DB_PASSWORD}, {@code clientSecret},
   * {@code x-api-key}. Paging tokens ({@code nextPageToken}, {@code page_token}) are protocol
   * state, not credentials: redacting them would break a tracker's paging.
   */
  private static final String SECRET_WORD =
      "(?:pass(?:word|wd|phrase)|(?<![A-Za-z0-9])pass|pwd|secret|(?<!page[_-]?)(?<!next[_-]?)(?<!continuation[_-]?)(?<!sync[_-]?)(?<!resume[_-]?)token|api[_-]?key|apikey|access[_-]?key"
          + "|private[_-]?key|secret[_-]?key|signing[_-]?key|encryption[_-]?key|master[_-]?key|credentials?"
          + "|(?<![A-Za-z0-9])auth|connection[_-]?string|conn[_-]?str|(?<![A-Za-z0-9])dsn|(?<![A-Za-z0-9])sas)";

  /**
   * The separator and value after a key: {@code =v}, {@code : v}, {@code ": "v"}, {@code ': 'v'},
   * {@code => v}, {@code := v}. A quoted value runs to its closing quote (spaces included); a bare
   * one to the next space, quote, comma, semicolon, ampersand or closing bracket.
   */
  private static final String VALUE =
      "(\\\\?['\"]?)([ \\t]*(?::=|=>|[:=])[ \\t]*)(?![\\[{])"
          + "(\\\\?\"[^\"\\r\\n]+?\\\\?\"|\\\\?'[^'\\r\\n]+?\\\\?'|(?:[^\\s\"',;&}\\]<>)\\\\]|&(?![A-Za-z0-9_.-]+=))+)";

  private static final String PRIVATE_KEY_LABEL =
      "-----(BEGIN|END) [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----";

  static final Pattern PEM_BEGIN =
      Pattern.compile("(?i)-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----");
  static final Pattern PEM_END =
      Pattern.compile("(?i)-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----");

  private RedactionRules() {}

  /** The rules in the order they run: whole blocks first, then structured values, then tokens. */
  static final List<Rule> ALL =
      List.of(
          // A PEM private key goes whole, through its END line or, when cut off, to the end of the
          // text.
          new Rule(
              Pattern.compile(
                  "(?i)-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:"
                      + PRIVATE_KEY_LABEL.replace("(BEGIN|END)", "END")
                      + "|\\z)"),
              m -> MARK,
              -1,
              "private key"),
          // The tail of a key whose BEGIN line was cut off (a log tail): everything up to its END
          // line.
          new Rule(
              Pattern.compile("(?i)\\A[\\s\\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----"),
              m -> MARK,
              -1,
              "private key"),
          new Rule(
              Pattern.compile(
                  "(?i)(hooks\\.slack\\.com/(?:services|workflows|triggers)/)[A-Za-z0-9/_-]+"),
              m -> m.group(1) + MARK,
              -1,
              "hooks.slack.com"),
          new Rule(
              Pattern.compile("(?i)(discord(?:app)?\\.com/api/webhooks/)[A-Za-z0-9/_-]+"),
              m -> m.group(1) + MARK,
              -1,
              "/api/webhooks/"),
          // user:password@ in any URL (postgres://, redis://, https://, amqp://, mongodb+srv://,
          // ...)
          new Rule(
              Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^:@/\\s\"'<>]*:)([^@/\\s\"'<>]+)@"),
              m -> m.group(1) + MARK + "@",
              2,
              "://"),
          // a token as the URL's user (https://ghp_xxx@github.com, Sentry DSNs): long, letters and
          // digits
          new Rule(
              Pattern.compile(
                  "(?i)\\b([a-z][a-z0-9+.-]*://)((?=[^@/\\s\"'<>:]*[0-9])(?=[^@/\\s\"'<>:]*[a-z])[^@/\\s\"'<>:]{16,})@"),
              m -> m.group(1) + MARK + "@",
              2,
              "://"),
          // Authorization: <scheme> <credentials>, as a header, a JSON or YAML field, or a curl -H
          new Rule(
              Pattern.compile(
                  "(?i)\\b((?:proxy-)?authori[sz]ation['\"]?\\s*[:=]\\s*['\"]?(?:(?:bearer|basic|token|digest|negotiate"
                      + "|apikey|api-key|sso-key|splunk|dsn|key|otp)\\s+)?+)(?!\\[REDACTED)([^\\s\"',;]+(?:[ \\t]*=)*)"),
              m -> m.group(1) + MARK,
              2,
              "authori"),
          new Rule(
              Pattern.compile(
                  "(?i)\\b(cookie['\"]?\\s*:\\s*+['\"]?)(?!\\[REDACTED)([^\\r\\n\"']+)"),
              m -> m.group(1) + MARK,
              2,
              "cookie"),
          new Rule(
              Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"),
              m -> MARK,
              -1,
              "eyj"),
          new Rule(
              Pattern.compile("(?i)\\b(bearer\\s+)(?!\\[REDACTED)[A-Za-z0-9._~+/-]{8,}=*"),
              m -> m.group(1) + MARK,
              -1,
              "bearer"),
          new Rule(
              Pattern.compile("(?i)\\b(basic\\s+)([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])"),
              m -> looksEncoded(m.group(2)) ? m.group(1) + MARK : m.group(),
              -1,
              "basic"),
          new Rule(
              Pattern.compile(
                  "(?i)\\b(AccountKey|SharedAccessKey|SharedAccessSignature|SharedSecretValue)=([^;\\s\"']+)"),
              m -> m.group(1) + "=" + MARK,
              2,
              "accountkey",
              "sharedaccess",
              "sharedsecret"),
          new Rule(
              Pattern.compile("(?i)([?&]sig=)[^&\\s\"']+"), m -> m.group(1) + MARK, -1, "sig="),
          // key = value in every syntax: .env, JSON, YAML, Python dicts, connection strings, query
          // strings
          new Rule(
              Pattern.compile(
                  "(?i)((?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]*" + SECRET_WORD + ")" + VALUE),
              RedactionRules::keepKey,
              0,
              "pass",
              "pwd",
              "secret",
              "token",
              "key",
              "credential",
              "auth",
              "conn",
              "dsn",
              "sas"),
          new Rule(
              Pattern.compile("(?i)(<([A-Za-z0-9_.:-]*" + SECRET_WORD + ")>)([^<]+)(</)"),
              m -> m.group(1) + MARK + m.group(4),
              3,
              "pass",
              "pwd",
              "secret",
              "token",
              "key",
              "credential",
              "auth"),
          new Rule(
              Pattern.compile(
                  "(?i)((?<![\\w-])--?(?:password|passwd|pass|token|secret|api-key|client-secret|auth-token)[ \\t]+)(?!\\[REDACTED)(?!-)([^\\s\"']+)"),
              m -> m.group(1) + MARK,
              2,
              "pass",
              "token",
              "secret",
              "key"),
          new Rule(
              Pattern.compile(
                  "\\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|A3T[A-Z0-9])[A-Z0-9]{16}\\b"),
              m -> MARK,
              -1,
              "akia",
              "asia",
              "abia",
              "acca",
              "agpa",
              "aida",
              "aroa",
              "anpa",
              "anva",
              "aipa",
              "a3t"),
          new Rule(Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"), m -> MARK, -1, "aiza"),
          new Rule(Pattern.compile("\\bya29\\.[0-9A-Za-z_-]{10,}"), m -> MARK, -1, "ya29."),
          new Rule(Pattern.compile("\\bLTAI[A-Za-z0-9]{12,20}\\b"), m -> MARK, -1, "ltai"),
          new Rule(
              Pattern.compile(
                  "\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,}"
                      + "|gl(?:pat|dt|rt|ptt|cbt|oas|soat|ft|imt|agent)-[A-Za-z0-9_-]{20,}"
                      + "|xox[abposre]-[A-Za-z0-9-]{10,}|xapp-\\d-[A-Za-z0-9-]{10,}"
                      + "|sk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"
                      + "|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9]{24,}"
                      + "|npm_[A-Za-z0-9]{36}|SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{16,64}"
                      + "|SK[0-9a-fA-F]{32}|key-[0-9a-zA-Z]{32}|shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}"
                      + "|pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{20,}|do[opr]_v1_[a-f0-9]{64}|hf_[A-Za-z]{30,}"
                      + "|dapi[a-h0-9]{32}|hv[sbr]\\.[A-Za-z0-9_-]{24,}|PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}"
                      + "|glc_[A-Za-z0-9+/]{32,}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|NRAK-[A-Z0-9]{27}"
                      + "|lin_api_[A-Za-z0-9]{40}|dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,}"
                      + "|AGE-SECRET-KEY-1[0-9A-Z]{58}|EAA[A-Za-z0-9]{90,}|sq0(?:atp|csp)-[A-Za-z0-9_-]{22,}"
                      + "|[0-9a-f]{32}-us[0-9]{1,2})\\b"),
              m -> MARK,
              -1,
              "ghp_",
              "gho_",
              "ghu_",
              "ghs_",
              "ghr_",
              "github_pat_",
              "gl",
              "xox",
              "xapp-",
              "sk-",
              "sk_",
              "rk_",
              "whsec_",
              "npm_",
              "sg.",
              "sk",
              "key-",
              "shp",
              "pypi-",
              "_v1_",
              "hf_",
              "dapi",
              "hvs.",
              "hvb.",
              "hvr.",
              "pmak-",
              "nrak-",
              "lin_api_",
              "dp.",
              "age-secret-key-",
              "eaa",
              "sq0",
              "-us"),
          new Rule(
              Pattern.compile(
                  "(?<![A-Za-z0-9+/=_-])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[0-9])"
                      + "[A-Za-z0-9+/]{"
                      + MIN_ENTROPY_RUN
                      + ",}={0,2}(?![A-Za-z0-9+/=_-])"),
              m -> MARK,
              -1,
              BASE64_RUN));

  /**
   * The rule for variables known to hold credentials (the names of environment variables that come
   * from Secrets): {@code NAME=v}, {@code NAME: v}, {@code "NAME": "v"} in any case.
   */
  static Rule forKeys(Collection<String> names) {
    String alternation = names.stream().map(Pattern::quote).collect(Collectors.joining("|"));
    return new Rule(
        Pattern.compile("(?i)((?<![A-Za-z0-9_])(?:" + alternation + "))" + VALUE),
        RedactionRules::keepKey,
        0,
        names.stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new));
  }

  /** {@code key<quote><separator><quote>[REDACTED]<quote>}: the key and the syntax stay. */
  private static String keepKey(MatchResult m) {
    String value = m.group(4);
    int open = quotes(value);
    return m.group(1)
        + m.group(2)
        + m.group(3)
        + value.substring(0, open)
        + MARK
        + value.substring(value.length() - open);
  }

  /**
   * How many leading characters of a keyed value are its opening quote ({@code "}, {@code '},
   * {@code \"}).
   */
  private static int quotes(String value) {
    if (value.length() >= 4
        && value.charAt(0) == '\\'
        && (value.charAt(1) == '"' || value.charAt(1) == '\'')) {
      return 2;
    }
    return value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'') ? 1 : 0;
  }

  /** The value a key/value match carries, without quotes. */
  static String keyedValue(MatchResult m) {
    String value = m.group(4);
    int open = quotes(value);
    return value.substring(open, value.length() - open);
  }

  /** A basic-auth token rather than an English word: has a digit, a symbol or inner capitals. */
  static boolean looksEncoded(String token) {
    return token.chars().anyMatch(c -> Character.isDigit(c) || c == '+' || c == '/' || c == '=')
        || token.substring(1).chars().anyMatch(Character::isUpperCase);
  }

  /**
   * A pattern, its replacement, the group holding the credential itself (0 for key/value rules,
   * whose value is {@link #keyedValue}; -1 when there is nothing to learn), and lower-case literals
   * at least one of which every match contains: when none occurs in the text the pattern cannot
   * match and is not run (regexes over every evidence string were most of an analysis's CPU).
   */
  record Rule(
      Pattern pattern,
      Function<MatchResult, String> replacement,
      int secretGroup,
      String... hints) {
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
      return m.find()
          ? m.reset().replaceAll(r -> Matcher.quoteReplacement(replacement.apply(r)))
          : text;
    }

    /** The credentials this rule finds in the text (only rules with a {@link #secretGroup}). */
    void learn(String text, Collection<String> into) {
      if (secretGroup < 0) {
        return;
      }
      Matcher m = pattern.matcher(text);
      while (m.find()) {
        String value = secretGroup == 0 ? keyedValue(m) : m.group(secretGroup);
        if (value != null) {
          into.add(value.trim());
        }
      }
    }
  }

  private static boolean hasBase64Run(String text) {
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean b64 =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/';
      run = b64 ? run + 1 : 0;
      if (run >= MIN_ENTROPY_RUN) {
        return true;
      }
    }
    return false;
  }
}
