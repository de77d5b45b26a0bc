package io.autoagent.tools.runbook;

/** The type of an action or check argument; {@link ArgSpec} adds bounds and allowed values. */
public enum ArgType {
  /** Free text. */
  STRING,
  /** A Kubernetes object name (DNS-1123 subdomain). */
  NAME,
  /** A whole number, optionally bounded by {@link ArgSpec#min()} and {@link ArgSpec#max()}. */
  INTEGER,
  BOOLEAN,
  /** A Kubernetes quantity such as {@code 512Mi}. */
  QUANTITY,
  /** A Go-style duration such as {@code 90s} or {@code 5m}. */
  DURATION,
  /** A container image reference such as {@code registry/app:1.2}. */
  IMAGE,
  /** One of {@link ArgSpec#allowed()}. */
  ENUM,
  /** A map of strings to strings (labels, annotations); a null value removes the key. */
  STRING_MAP,
  /** A list of strings. */
  STRING_LIST
}
