package io.autoagent.guardian.advisor;

/**
 * An advisor's raw answer, exactly as parsed: any field may be missing or out of range. Never acted
 * on before {@link AdviceValidator} has checked and clamped it.
 *
 * @param targetReplicas suggested replicas
 * @param confidence the advisor's confidence, meant to be 0 to 1
 * @param reasoning a short explanation for operators
 */
public record Advice(Integer targetReplicas, Double confidence, String reasoning) {}
