package io.autoagent.tools.remediation.signature;

import java.util.Objects;

/** Outcome of checking a request's signature; made by the static factories. */
public record SignatureVerdict(Kind kind, String reason) {

  /** The kinds of verdict. */
  public enum Kind {
    /** A valid signature with the configured key, inside the time window, not seen before. */
    SIGNED,
    /** No signature headers, or no key to check them with. */
    UNSIGNED,
    /** A signature that does not verify, or incomplete headers: {@code SIGNATURE_INVALID}. */
    INVALID,
    /** A timestamp outside the window, or a webhook id already used: {@code REPLAYED}. */
    REPLAYED
  }

  public SignatureVerdict {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
  }

  static SignatureVerdict signed() {
    return new SignatureVerdict(Kind.SIGNED, "valid signature");
  }

  static SignatureVerdict unsigned(String reason) {
    return new SignatureVerdict(Kind.UNSIGNED, reason);
  }

  static SignatureVerdict invalid(String reason) {
    return new SignatureVerdict(Kind.INVALID, reason);
  }

  static SignatureVerdict replayed(String reason) {
    return new SignatureVerdict(Kind.REPLAYED, reason);
  }

  public boolean refused() {
    return kind == Kind.INVALID || kind == Kind.REPLAYED;
  }
}
