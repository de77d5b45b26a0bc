package io.autoagent.tools.remediation.action;

import static io.autoagent.tools.runbook.ArgSpec.optional;
import static io.autoagent.tools.runbook.ArgSpec.required;
import static io.autoagent.tools.runbook.ArgType.DURATION;
import static io.autoagent.tools.runbook.ArgType.INTEGER;
import static io.autoagent.tools.runbook.ArgType.NAME;
import static io.autoagent.tools.runbook.ArgType.STRING;

import io.autoagent.tools.runbook.ArgSpec;

/** Arguments many actions and checks share, declared once so that they read the same everywhere. */
final class Specs {

  static final ArgSpec NAMESPACE = required("namespace", NAME, "namespace of the object");
  static final ArgSpec NAME_ARG = required("name", NAME, "name of the workload");
  static final ArgSpec KIND =
      optional("kind", STRING, "workload kind, Deployment by default")
          .oneOf("Deployment", "StatefulSet", "DaemonSet");
  static final ArgSpec CONTAINER = required("container", NAME, "container name");
  static final ArgSpec NODE = required("node", NAME, "node name");
  static final ArgSpec APPLICATION = required("application", NAME, "Argo CD application name");
  static final ArgSpec WINDOW =
      required("window", DURATION, "how long the condition must have held");
  static final ArgSpec GRACE =
      optional("grace_period_seconds", INTEGER, "pod termination grace").between(0, 3600);
  static final ArgSpec POD = required("pod", NAME, "pod name");

  private Specs() {}
}
