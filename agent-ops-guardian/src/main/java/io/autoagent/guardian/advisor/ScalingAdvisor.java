package io.autoagent.guardian.advisor;

import java.util.Optional;

/**
 * An optional external advisor ({@link GeminiScalingAdvisor}). Its answer is a suggestion: the core
 * validates and clamps it, and decides by rules when it is absent, slow, malformed or throws.
 *
 * <p>Implementations may block (the core calls them with a timeout on another thread) and may
 * throw; they must be thread-safe.
 */
public interface ScalingAdvisor {

  /** No advisor: the rules always decide. */
  ScalingAdvisor NONE = request -> Optional.empty();

  Optional<Advice> advise(AdvisorRequest request) throws Exception;
}
