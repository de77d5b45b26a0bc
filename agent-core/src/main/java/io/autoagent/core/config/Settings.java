package io.autoagent.core.config;

import static io.autoagent.core.config.Setting.Type.BOOLEAN;
import static io.autoagent.core.config.Setting.Type.DECIMAL;
import static io.autoagent.core.config.Setting.Type.DURATION;
import static io.autoagent.core.config.Setting.Type.ENUM;
import static io.autoagent.core.config.Setting.Type.INTEGER;
import static io.autoagent.core.config.Setting.Type.LIST;
import static io.autoagent.core.config.Setting.Type.PATH;
import static io.autoagent.core.config.Setting.Type.STRING;
import static io.autoagent.core.config.Setting.Type.URL;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every environment variable the agents read, declared once. {@link Env} reads through this
 * registry (a name that is not declared fails the tests, and a deprecated name is accepted with a
 * warning naming its replacement); {@code docs/configuration.md} is generated from it by {@link
 * ConfigurationDoc}.
 *
 * <p>Units: durations in seconds end in {@code _S}, in milliseconds {@code _MS}; a duration written
 * with its unit ({@code 24h}) has no suffix.
 */
public final class Settings {

  static final String RUNTIME = "Runtime and NATS";
  static final String NATS_SECURITY = "NATS security";
  static final String PLATFORM = "Platform (set by Kubernetes or the shell)";
  static final String WEBHOOK = "Alertmanager receiver";
  static final String KUBERNETES = "Kubernetes evidence and runbooks";
  static final String GIT = "Git evidence";
  static final String SSH = "Git over SSH";
  static final String ARGOCD = "Argo CD";
  static final String LLM = "LLM";
  static final String REMEDIATION = "Remediation safety";
  static final String GITOPS = "GitOps pull requests";
  static final String ESCALATION = "Escalation and tickets";
  static final String ARCHIVE = "Incident archives";
  static final String GUARDIAN = "Ops Guardian";
  static final String GUARDIAN_DECISIONS = "Ops Guardian decisions";

  /** Every declared setting, in documentation order. */
  public static final List<Setting> ALL =
      List.of(
          // Runtime and NATS
          s(
              RUNTIME,
              "NATS_URL",
              URL,
              "nats://nats:4222",
              "",
              "One or more comma-separated NATS server URLs (`nats://`, `tls://`, `ws://`, `wss://`)."),
          s(
              RUNTIME,
              "NATS_STREAM_REPLICAS",
              INTEGER,
              "1",
              "",
              "Replicas of the streams, KV buckets and object stores the agents create (3 in a JetStream cluster)."),
          s(
              RUNTIME,
              "NATS_JS_DOMAIN",
              STRING,
              "",
              "",
              "JetStream domain, for a leaf node or a hub with several domains."),
          s(
              RUNTIME,
              "NATS_CONNECTION_NAME",
              STRING,
              "<agent>-<instance id>",
              "",
              "Connection name shown by `nats server report connections`."),
          s(
              RUNTIME,
              "HEALTH_PORT",
              INTEGER,
              "8080",
              "",
              "Port of `/healthz`, `/readyz` and `/metrics`; `0` picks a free port."),
          s(
              RUNTIME,
              "STATUS_INTERVAL_S",
              INTEGER,
              "15",
              "s",
              "Heartbeat interval (a heartbeat is also sent at once on any change)."),
          s(
              RUNTIME,
              "MAX_PAYLOAD_BYTES",
              INTEGER,
              "1048576",
              "bytes",
              "Larger requests are rejected `PAYLOAD_TOO_LARGE`."),
          s(
              RUNTIME,
              "WORKERS",
              INTEGER,
              "16",
              "",
              "Requests handled at once per instance; also the most pulled at a time (the Ops Guardian uses at most 4)."),
          s(
              RUNTIME,
              "RUNBOOK_WORKERS",
              INTEGER,
              "2",
              "",
              "Runbook execution requests handled at once (infrastructure agent)."),
          s(
              RUNTIME,
              "ACK_WAIT_S",
              INTEGER,
              "30",
              "s",
              "JetStream ack wait; long work sends in-progress acks every third of it."),
          s(
              RUNTIME,
              "MAX_DELIVER",
              INTEGER,
              "5",
              "",
              "Deliveries before a request is given up (answered `failed`, plus a dead-letter event)."),
          s(
              RUNTIME,
              "SHUTDOWN_GRACE_S",
              INTEGER,
              "20",
              "s",
              "On SIGTERM, how long in-flight work may finish."),
          s(
              RUNTIME,
              "ANALYSIS_TIMEOUT_S",
              INTEGER,
              "10",
              "s",
              "The most evidence gathering may take; a source that overruns is `unavailable`."),
          s(
              RUNTIME,
              "ANALYSIS_REUSE_MS",
              INTEGER,
              "1000",
              "ms",
              "A repeat of an alert (same content, other id) within this time is answered from the"
                  + " first's analysis while nothing the Kubernetes caches hold in its namespace"
                  + " or the nodes changed, no live read failed, no source or LLM failed and the"
                  + " runbooks did not reload; live reads (logs, metrics, endpoints, volumes,"
                  + " referenced ConfigMaps and Secrets) may be this old. 0 analyses every alert."
                  + " 0-10000."),
          s(
              RUNTIME,
              "LOG_FORMAT",
              ENUM,
              "text",
              "",
              "`text` or `json` (JSON lines with `correlation_id` in `mdc`)."),
          s(
              RUNTIME,
              "LOG_LEVEL",
              ENUM,
              "INFO",
              "",
              "Logback level of the agents' own loggers (`DEBUG`, `INFO`, `WARN`, `ERROR`)."),
          // NATS security
          s(
                  NATS_SECURITY,
                  "NATS_CREDS",
                  PATH,
                  "",
                  "",
                  "A `.creds` file (JWT and NKey seed), for operator mode.")
              .asSecret(),
          s(NATS_SECURITY, "NATS_NKEY_SEED", PATH, "", "", "A file holding an NKey seed (`SU...`).")
              .asSecret(),
          s(
                  NATS_SECURITY,
                  "NATS_TOKEN",
                  STRING,
                  "",
                  "",
                  "Token authentication; prefer `NATS_TOKEN_FILE`.")
              .asSecret(),
          s(NATS_SECURITY, "NATS_TOKEN_FILE", PATH, "", "", "A file holding the token."),
          s(
              NATS_SECURITY,
              "NATS_USER",
              STRING,
              "",
              "",
              "User name for user/password authentication."),
          s(
                  NATS_SECURITY,
                  "NATS_PASSWORD",
                  STRING,
                  "",
                  "",
                  "Password; prefer `NATS_PASSWORD_FILE`.")
              .asSecret(),
          s(NATS_SECURITY, "NATS_PASSWORD_FILE", PATH, "", "", "A file holding the password."),
          s(
              NATS_SECURITY,
              "NATS_TLS_CA",
              PATH,
              "",
              "",
              "PEM file of the CA that signed the servers' certificates; turns TLS on."),
          s(
              NATS_SECURITY,
              "NATS_TLS_CERT",
              PATH,
              "",
              "",
              "PEM client certificate, for servers that verify clients."),
          s(
                  NATS_SECURITY,
                  "NATS_TLS_KEY",
                  PATH,
                  "",
                  "",
                  "PEM private key of the client certificate.")
              .asSecret(),
          s(
              NATS_SECURITY,
              "NATS_TLS_FIRST",
              BOOLEAN,
              "false",
              "",
              "TLS before the NATS handshake (`handshake_first`, nats-server 2.10+)."),
          // Alertmanager receiver
          s(
              WEBHOOK,
              "WEBHOOK_PORT",
              INTEGER,
              "",
              "",
              "Port of the HTTP receiver for Alertmanager webhooks (`POST /alertmanager`); unset: off."),
          s(
              WEBHOOK,
              "WEBHOOK_TOKEN_FILE",
              PATH,
              "",
              "",
              "A file holding the bearer token Alertmanager must send."),
          s(
              WEBHOOK,
              "WEBHOOK_BASIC_AUTH_FILE",
              PATH,
              "",
              "",
              "A file holding `user:password` for basic authentication instead of a token."),
          s(
              WEBHOOK,
              "WEBHOOK_ALLOW_ANONYMOUS",
              BOOLEAN,
              "false",
              "",
              "Accept webhooks without credentials (local use only)."),
          // Platform
          s(
              PLATFORM,
              "HOSTNAME",
              STRING,
              "a random id",
              "",
              "This instance's id in heartbeats (the pod's name in Kubernetes)."),
          s(PLATFORM, "HOME", PATH, "", "", "Where `~/.kube/config` and `~/.ssh` are looked up."),
          s(
              PLATFORM,
              "KUBERNETES_SERVICE_HOST",
              STRING,
              "",
              "",
              "Set in a pod: the service account's in-cluster access is used."),
          s(
              PLATFORM,
              "KUBERNETES_SERVICE_PORT",
              STRING,
              "",
              "",
              "Set in a pod with KUBERNETES_SERVICE_HOST: the API server's port."),
          s(
              PLATFORM,
              "POD_NAMESPACE",
              STRING,
              "",
              "",
              "The agent's own namespace; never changed by a runbook."),
          s(
              PLATFORM,
              "AGENT_NAMESPACE",
              STRING,
              "",
              "",
              "Set by the chart for the Ops Guardian: the release's namespace (informational)."),
          s(
              PLATFORM,
              "AWS_REGION",
              STRING,
              "",
              "",
              "Read by the AWS SDK for S3 archives when `ARCHIVE_S3_REGION` is unset."),
          s(
              PLATFORM,
              "AWS_ACCESS_KEY_ID",
              STRING,
              "",
              "",
              "Read by the AWS SDK for S3 archives when no IRSA role, profile or instance role applies."),
          s(
                  PLATFORM,
                  "AWS_SECRET_ACCESS_KEY",
                  STRING,
                  "",
                  "",
                  "Read by the AWS SDK with `AWS_ACCESS_KEY_ID`.")
              .asSecret(),
          s(
              PLATFORM,
              "JAVA_TOOL_OPTIONS",
              STRING,
              "",
              "",
              "Extra JVM options (heap, GC), read by the JVM itself."),
          // Kubernetes
          s(
              KUBERNETES,
              "KUBECONFIG",
              PATH,
              "~/.kube/config, else in-cluster",
              "",
              "Cluster access; with none, Kubernetes evidence is `skipped`."),
          s(
              KUBERNETES,
              "WATCH_NAMESPACES",
              LIST,
              "all",
              "",
              "Comma-separated namespaces the informers cache."),
          s(
              KUBERNETES,
              "RUNBOOK_DIR",
              PATH,
              "/runbooks, else ./runbooks",
              "",
              "Runbook YAML files, reloaded on change."),
          // Git evidence
          s(
              GIT,
              "GIT_REPO_PATH",
              PATH,
              "",
              "",
              "The GitOps repository to read; git evidence is `skipped` without it."),
          s(
              GIT,
              "GIT_REPO_URL",
              URL,
              "",
              "",
              "Clone into `GIT_REPO_PATH` and fetch periodically (read-only)."),
          s(GIT, "GIT_BRANCH", STRING, "the remote's default", "", "Branch to read."),
          s(GIT, "GIT_SYNC_INTERVAL_S", INTEGER, "60", "s", "Fetch period (5 to 86400)."),
          s(
              GIT,
              "GIT_TIMEOUT_S",
              INTEGER,
              "60",
              "s",
              "Time limit of one clone or fetch of the evidence repository (1 to 3600)."),
          s(
              GIT,
              "GIT_USERNAME",
              STRING,
              "git",
              "",
              "HTTPS user name, for the evidence repository and GitOps pushes."),
          s(GIT, "GIT_TOKEN", STRING, "", "", "HTTPS token or password.").asSecret(),
          s(GIT, "GIT_TOKEN_FILE", PATH, "", "", "A file holding `GIT_TOKEN`."),
          s(
              GIT,
              "CHANGE_LOOKBACK",
              DURATION,
              "24h",
              "",
              "How far back a change can explain a failure (`90m`, `2h`, `7d`)."),
          // SSH
          s(
              SSH,
              "GIT_SSH_KEY_FILE",
              PATH,
              "~/.ssh/id_*",
              "",
              "Private key (unencrypted, OpenSSH or PEM) for `ssh://` and `git@host:path` URLs."),
          s(SSH, "GIT_SSH_KEY", STRING, "", "", "The private key itself; never written to disk.")
              .asSecret(),
          s(
              SSH,
              "GIT_SSH_KNOWN_HOSTS_FILE",
              PATH,
              "~/.ssh/known_hosts",
              "",
              "The git servers' host keys, as `ssh-keyscan` prints them."),
          s(SSH, "GIT_SSH_KNOWN_HOSTS", STRING, "", "", "The known hosts themselves."),
          s(
              SSH,
              "GIT_SSH_STRICT_HOST_KEY_CHECKING",
              BOOLEAN,
              "true",
              "",
              "Only a listed server is trusted; `false` trusts an unknown one on first use and remembers it."),
          // Argo CD
          s(
              ARGOCD,
              "ARGOCD_SERVER",
              URL,
              "",
              "",
              "Argo CD API; Argo CD evidence is `skipped` without it."),
          s(ARGOCD, "ARGOCD_AUTH_TOKEN", STRING, "", "", "Argo CD API token.").asSecret(),
          s(
              ARGOCD,
              "ARGOCD_USERNAME",
              STRING,
              "",
              "",
              "User name, with `ARGOCD_PASSWORD`: a session token is obtained and renewed."),
          s(ARGOCD, "ARGOCD_PASSWORD", STRING, "", "", "Password for `ARGOCD_USERNAME`.")
              .asSecret(),
          s(ARGOCD, "ARGOCD_CA_FILE", PATH, "", "", "PEM CA of the Argo CD server's certificate."),
          s(
              ARGOCD,
              "ARGOCD_INSECURE",
              BOOLEAN,
              "false",
              "",
              "Skip TLS verification (local use only)."),
          s(
              ARGOCD,
              "ARGOCD_TIMEOUT_S",
              INTEGER,
              "10",
              "s",
              "Time limit of one Argo CD call (1 to 300)."),
          s(
              ARGOCD,
              "ARGOCD_MAX_RETRIES",
              INTEGER,
              "3",
              "",
              "Retries on 5xx, 429 and network errors (0 to 10)."),
          s(
              ARGOCD,
              "ARGOCD_NAMESPACE",
              STRING,
              "argocd",
              "",
              "Argo CD's namespace; never changed by a runbook."),
          // LLM
          s(
              LLM,
              "LLM_PROVIDER",
              ENUM,
              "the provider whose key is set, else none",
              "",
              "`openai`, `gemini` or `none`."),
          s(
                  LLM,
                  "OPENAI_API_KEY",
                  STRING,
                  "",
                  "",
                  "OpenAI key (or the key of an OpenAI-compatible server).")
              .asSecret(),
          s(LLM, "OPENAI_MODEL", STRING, "gpt-4.1-mini", "", "OpenAI model."),
          s(
              LLM,
              "OPENAI_BASE_URL",
              URL,
              "OpenAI's",
              "",
              "An OpenAI-compatible server (Azure, vLLM, Ollama)."),
          s(LLM, "GEMINI_API_KEY", STRING, "", "", "Gemini key.").asSecret(),
          s(LLM, "GEMINI_MODEL", STRING, "gemini-2.5-flash", "", "Gemini model."),
          s(LLM, "GEMINI_BASE_URL", URL, "Google's", "", "Gemini API base URL, for a proxy."),
          s(
              LLM,
              "LLM_TIMEOUT_S",
              INTEGER,
              "30",
              "s",
              "Deadline of one LLM call, retries included."),
          s(
              LLM,
              "LLM_MAX_RETRIES",
              INTEGER,
              "2",
              "",
              "Retries on 429, 5xx and network errors, within the deadline."),
          s(LLM, "LLM_RETRY_BACKOFF_MS", INTEGER, "500", "ms", "First retry delay."),
          s(
              LLM,
              "LLM_CIRCUIT_FAILURES",
              INTEGER,
              "5",
              "",
              "Failed calls in a row that open the circuit breaker."),
          s(
              LLM,
              "LLM_CIRCUIT_OPEN_S",
              INTEGER,
              "60",
              "s",
              "How long the open circuit skips the model."),
          s(
              LLM,
              "LLM_MAX_INPUT_TOKENS",
              INTEGER,
              "8000",
              "tokens",
              "Evidence budget of one prompt."),
          s(LLM, "LLM_MAX_OUTPUT_TOKENS", INTEGER, "1024", "tokens", "Cap on one answer."),
          s(
              LLM,
              "LLM_BUDGET_TOKENS",
              INTEGER,
              "24000",
              "tokens",
              "Budget of one incident, all calls together."),
          s(
              LLM,
              "LLM_CACHE_TTL_S",
              INTEGER,
              "600",
              "s",
              "How long an answer is reused for the same evidence."),
          s(
              LLM,
              "LLM_REDACT",
              BOOLEAN,
              "true",
              "",
              "A second redaction pass on the LLM request; the evidence is always redacted as collected, and everything the agent sends out is always redacted (contract 1.1)."),
          s(
              LLM,
              "LLM_ANONYMIZE",
              BOOLEAN,
              "false",
              "",
              "Mask workload and namespace names in prompts, unmask them in answers."),
          // Remediation
          s(
                  REMEDIATION,
                  "SECRET_KEY",
                  STRING,
                  "",
                  "",
                  "Standard Webhooks key (`whsec_<base64>` or raw text); live executions must be signed with it.")
              .asSecret(),
          s(
              REMEDIATION,
              "SIGNATURE_MAX_SKEW_S",
              INTEGER,
              "300",
              "s",
              "Older signatures, or a `webhook-id` seen again within it, are `REPLAYED`."),
          s(
              REMEDIATION,
              "ALLOW_UNSIGNED_EXECUTION",
              BOOLEAN,
              "false",
              "",
              "**Local use only**: allows live executions without `SECRET_KEY`."),
          s(
              REMEDIATION,
              "PROTECTED_NAMESPACES",
              LIST,
              "",
              "",
              "Never changed by a runbook, with `kube-system`, `kube-public`, `kube-node-lease`, `POD_NAMESPACE` and `ARGOCD_NAMESPACE`."),
          s(
              REMEDIATION,
              "REMEDIATION_RATE_LIMIT_PER_HOUR",
              INTEGER,
              "3",
              "",
              "Live executions per service per hour."),
          s(
              REMEDIATION,
              "RUNBOOK_EXECUTIONS_BUCKET",
              STRING,
              "runbook-executions",
              "",
              "JetStream KV bucket of execution records (idempotency, resume after restart)."),
          s(
              REMEDIATION,
              "REMEDIATION_SERVER_DRY_RUN",
              BOOLEAN,
              "true",
              "",
              "Plan with the API server's server-side dry run."),
          // GitOps
          s(
              GITOPS,
              "REMEDIATION_MODE",
              ENUM,
              "live",
              "",
              "`gitops`: every manifest change becomes a pull request (a repository and a token are then required); `live`: only workloads whose policy says `mode: gitops` or that Argo CD manages get pull requests."),
          s(
              GITOPS,
              "GITOPS_REPO_URL",
              URL,
              "`GIT_REPO_URL` with `REMEDIATION_MODE=gitops`",
              "",
              "Repository the pull requests go to; with the forge's token it turns GitOps on for policies and Argo CD workloads."),
          s(GITOPS, "GITOPS_BASE_BRANCH", STRING, "main", "", "Branch pull requests target."),
          s(GITOPS, "GITOPS_PROVIDER", ENUM, "guessed from the URL", "", "`github` or `gitlab`."),
          s(
                  GITOPS,
                  "GITHUB_TOKEN",
                  STRING,
                  "",
                  "",
                  "GitHub token, for pull requests and GitHub Issues tickets.")
              .asSecret(),
          s(GITOPS, "GITLAB_TOKEN", STRING, "", "", "GitLab token, for merge requests.").asSecret(),
          s(
              GITOPS,
              "GITOPS_REPOSITORY",
              STRING,
              "the URL's path",
              "",
              "`owner/name` (GitHub) or project path (GitLab)."),
          s(
              GITOPS,
              "GITHUB_REPOSITORY",
              STRING,
              "",
              "",
              "`owner/name`: fallback for `GITOPS_REPOSITORY`, and the repository of GitHub Issues tickets."),
          s(
              GITOPS,
              "GITLAB_PROJECT_ID",
              STRING,
              "",
              "",
              "Fallback for `GITOPS_REPOSITORY` on GitLab."),
          s(
              GITOPS,
              "GITHUB_API_URL",
              URL,
              "https://api.github.com",
              "",
              "GitHub API (GitHub Enterprise: `https://host/api/v3`)."),
          s(GITOPS, "GITLAB_API_URL", URL, "https://gitlab.com", "", "GitLab server."),
          s(GITOPS, "GITOPS_AUTHOR_NAME", STRING, "autoagent", "", "Commit author name."),
          s(
              GITOPS,
              "GITOPS_AUTHOR_EMAIL",
              STRING,
              "autoagent@localhost",
              "",
              "Commit author e-mail."),
          s(
              GITOPS,
              "GITOPS_WORK_DIR",
              PATH,
              "$TMPDIR/autoagent-gitops",
              "",
              "Where the GitOps repository is cloned."),
          s(
              GITOPS,
              "GITOPS_TIMEOUT_S",
              INTEGER,
              "60",
              "s",
              "Time limit of one clone, fetch or push, and of one forge API call (1 to 3600)."),
          // Escalation
          s(
                  ESCALATION,
                  "SLACK_WEBHOOK_URL",
                  URL,
                  "",
                  "",
                  "Block Kit messages for critical incidents, failed remediations, approvals and pull requests waiting.")
              .asSecret(),
          s(
              ESCALATION,
              "TICKETS_PROVIDER",
              ENUM,
              "none",
              "",
              "`github`, `jira` or `none`: one ticket per incident, commented on repeats, closed when healthy."),
          s(ESCALATION, "JIRA_URL", URL, "", "", "Jira Cloud, Data Center or Server."),
          s(ESCALATION, "JIRA_USER", STRING, "", "", "Jira user (e-mail on Jira Cloud)."),
          s(ESCALATION, "JIRA_TOKEN", STRING, "", "", "Jira API token.").asSecret(),
          s(ESCALATION, "JIRA_PROJECT", STRING, "", "", "Jira project key."),
          s(
                  ESCALATION,
                  "ESCALATION_HTTP_TIMEOUT_S",
                  INTEGER,
                  "10",
                  "s",
                  "Time limit of one Slack, ticket or S3 call (1 to 300).")
              .replacing("ESCALATION_HTTP_TIMEOUT_SECONDS"),
          // Archives
          s(
              ARCHIVE,
              "ARCHIVE_ENABLED",
              BOOLEAN,
              "true",
              "",
              "Archive every analysis's redacted evidence."),
          s(
              ARCHIVE,
              "ARCHIVE_STORE",
              ENUM,
              "nats",
              "",
              "`nats` (a JetStream object store) or `s3`."),
          s(
              ARCHIVE,
              "ARCHIVE_BUCKET",
              STRING,
              "incident-archives",
              "",
              "`nats`: the object store bucket."),
          s(
              ARCHIVE,
              "ARCHIVE_TTL_DAYS",
              INTEGER,
              "90",
              "days",
              "`nats`: how long an archive is kept (0: forever; set when the bucket is created)."),
          s(ARCHIVE, "ARCHIVE_S3_BUCKET", STRING, "", "", "`s3`: the bucket (required)."),
          s(
              ARCHIVE,
              "ARCHIVE_S3_PREFIX",
              STRING,
              "autoagent/incidents",
              "",
              "`s3`: the key prefix."),
          s(
              ARCHIVE,
              "ARCHIVE_S3_REGION",
              STRING,
              "the SDK's chain",
              "",
              "`s3`: the bucket's region (else `AWS_REGION`, profile, instance metadata)."),
          s(
              ARCHIVE,
              "ARCHIVE_S3_ENDPOINT",
              URL,
              "",
              "",
              "`s3`: an S3-compatible server (MinIO, Ceph)."),
          s(
              ARCHIVE,
              "ARCHIVE_S3_PATH_STYLE",
              BOOLEAN,
              "false",
              "",
              "`s3`: path-style URLs, which most S3-compatible servers need."),
          // Ops Guardian
          s(
              GUARDIAN,
              "MONITORED_SERVICES",
              LIST,
              "",
              "",
              "`namespace/name,...`; empty: Deployments labelled `ops-guardian/enabled=true`."),
          s(GUARDIAN, "MONITOR_INTERVAL_S", INTEGER, "30", "s", "Decision cycle period."),
          s(GUARDIAN, "LEADER_ELECTION", BOOLEAN, "true", "", "Act only while holding the Lease."),
          s(GUARDIAN, "LEADER_LEASE_NAME", STRING, "ops-guardian", "", "Lease name."),
          s(
              GUARDIAN,
              "LEADER_LEASE_NAMESPACE",
              STRING,
              "the pod's namespace, else default",
              "",
              "Lease namespace."),
          s(
              GUARDIAN,
              "LEADER_LEASE_DURATION_S",
              INTEGER,
              "15",
              "s",
              "Lease duration; renew deadline 2/3, retry 1/5 of it."),
          s(
              GUARDIAN,
              "PROMETHEUS_URL",
              URL,
              "",
              "",
              "Prometheus base URL; unset: Kubernetes signals only."),
          s(
              GUARDIAN,
              "HISTORY_BUCKET",
              STRING,
              "ops-guardian-history",
              "",
              "JetStream KV bucket of signal histories."),
          s(
              GUARDIAN,
              "COORDINATION_DEFAULT_TTL_S",
              INTEGER,
              "900",
              "s",
              "TTL of a pause command without `ttl_s` (max 86400)."),
          // Ops Guardian decisions
          s(
              GUARDIAN_DECISIONS,
              "GUARDIAN_MODE",
              ENUM,
              "conservative",
              "",
              "`conservative` (one replica at a time, scale down only outside business hours, no forecasts) or `aggressive`."),
          s(
              GUARDIAN_DECISIONS,
              "GUARDIAN_MIN_REPLICAS",
              INTEGER,
              "1",
              "",
              "Fewest replicas the Guardian scales to."),
          s(
              GUARDIAN_DECISIONS,
              "GUARDIAN_MAX_REPLICAS",
              INTEGER,
              "10",
              "",
              "Most replicas the Guardian scales to."),
          s(
              GUARDIAN_DECISIONS,
              "GUARDIAN_SHADOW",
              BOOLEAN,
              "false",
              "",
              "Decide and publish events, but never scale."),
          s(
              GUARDIAN_DECISIONS,
              "GUARDIAN_PREDICTIVE",
              BOOLEAN,
              "true",
              "",
              "Scale ahead of forecast load (aggressive mode)."),
          s(
              GUARDIAN_DECISIONS,
              "GUARDIAN_SCALE_UP_CPU_PERCENT",
              DECIMAL,
              "75",
              "%",
              "CPU utilisation above which to scale up."),
          s(
              GUARDIAN_DECISIONS,
              "GUARDIAN_SCALE_DOWN_CPU_PERCENT",
              DECIMAL,
              "30",
              "%",
              "CPU utilisation below which to scale down (below the scale-up threshold)."),
          s(
              GUARDIAN_DECISIONS,
              "GUARDIAN_TARGET_CPU_PERCENT",
              DECIMAL,
              "60",
              "%",
              "Utilisation aggressive steps are sized for."),
          s(
              GUARDIAN_DECISIONS,
              "GUARDIAN_REQUIRE_CPU_AND_ANOTHER",
              BOOLEAN,
              "false",
              "",
              "Scale up on CPU only when another signal (memory, latency, errors) agrees."),
          s(
                  GUARDIAN_DECISIONS,
                  "GUARDIAN_DOWN_STABILIZATION_S",
                  INTEGER,
                  "300",
                  "s",
                  "How long load must stay low before a scale-down.")
              .replacing("GUARDIAN_DOWN_STABILIZATION_SECONDS"),
          s(
              GUARDIAN_DECISIONS,
              "GUARDIAN_FORECAST_MAX_MAPE",
              DECIMAL,
              "0.25",
              "",
              "Forecasts whose recent error (MAPE) is above this are not used."),
          s(
              GUARDIAN_DECISIONS,
              "GUARDIAN_FORECAST_METHOD",
              STRING,
              "quantile",
              "",
              "Predictive scaling of aggressive, predictive workloads: `quantile` (seasonal quantile forecast, provisions for a high quantile) or `holt-winters` (the earlier forecaster)."),
          s(
              GUARDIAN_DECISIONS,
              "GUARDIAN_BUDGET_RATIO",
              DECIMAL,
              "0.98",
              "",
              "Pod budget of the quantile scaler: the share of the replicas a Kubernetes HPA with its defaults would keep that it keeps, over about a day (0: no budget, a fixed violation cost; else 0.5 to 2). Per workload: the `ops-guardian.autoagent.io/budget-ratio` annotation."),
          s(
              GUARDIAN_DECISIONS,
              "GUARDIAN_TIMEZONE",
              STRING,
              "UTC",
              "",
              "Time zone of the business calendar (`Europe/Paris`)."),
          s(
              GUARDIAN_DECISIONS,
              "GUARDIAN_ADVISOR_TIMEOUT_MS",
              INTEGER,
              "5000",
              "ms",
              "How long a decision waits for the LLM advisor; also caps the LLM call."),
          s(GUARDIAN_DECISIONS, "FORECAST_MINUTES", INTEGER, "15", "min", "Forecast horizon."));

  private static final Map<String, Setting> BY_NAME = index(false);
  private static final Map<String, Setting> BY_OLD_NAME = index(true);

  private Settings() {}

  /** The setting called {@code name}, if declared. */
  public static Optional<Setting> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  public static boolean isDeclared(String name) {
    return BY_NAME.containsKey(name);
  }

  /** The setting that replaced the deprecated {@code oldName}, if any. */
  public static Optional<Setting> replacementOf(String oldName) {
    return Optional.ofNullable(BY_OLD_NAME.get(oldName));
  }

  /** Names whose values must never be printed. */
  public static boolean isSecret(String name) {
    return find(name).map(Setting::secret).orElse(false);
  }

  private static Setting s(
      String group,
      String name,
      Setting.Type type,
      String defaultValue,
      String unit,
      String description) {
    return new Setting(name, group, type, defaultValue, unit, false, description, List.of());
  }

  private static Map<String, Setting> index(boolean oldNames) {
    Map<String, Setting> map = new LinkedHashMap<>();
    for (Setting setting : ALL) {
      for (String key : oldNames ? setting.deprecatedNames() : List.of(setting.name())) {
        if (map.put(key, setting) != null) {
          throw new IllegalStateException("declared twice: " + key);
        }
      }
    }
    return Map.copyOf(map);
  }
}
