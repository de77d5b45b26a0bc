{{/* NATS connection settings shared by both agents (docs/nats-production.md). The auth and TLS
     Secrets are mounted read-only; the agents read files, never secret values from the environment. */}}
{{- define "autoagent.natsEnv" -}}
{{- $n := .Values.nats -}}
- {name: NATS_URL, value: {{ $n.url | quote }}}
- {name: NATS_STREAM_REPLICAS, value: {{ $n.streamReplicas | quote }}}
{{- if $n.jsDomain }}
- {name: NATS_JS_DOMAIN, value: {{ $n.jsDomain | quote }}}
{{- end }}
{{- with $n.auth }}
{{- if .secretName }}
{{- if eq .type "creds" }}
- {name: NATS_CREDS, value: /etc/autoagent/nats-auth/{{ .credsKey }}}
{{- else if eq .type "nkey" }}
- {name: NATS_NKEY_SEED, value: /etc/autoagent/nats-auth/{{ .nkeyKey }}}
{{- else if eq .type "token" }}
- {name: NATS_TOKEN_FILE, value: /etc/autoagent/nats-auth/{{ .tokenKey }}}
{{- else if eq .type "userPassword" }}
- name: NATS_USER
  valueFrom:
    secretKeyRef: {name: {{ .secretName | quote }}, key: {{ .usernameKey | quote }}}
- {name: NATS_PASSWORD_FILE, value: /etc/autoagent/nats-auth/{{ .passwordKey }}}
{{- else }}
{{- fail "nats.auth.type must be one of creds, nkey, token, userPassword when nats.auth.secretName is set" }}
{{- end }}
{{- end }}
{{- end }}
{{- with $n.tls }}
{{- if .secretName }}
- {name: NATS_TLS_CA, value: /etc/autoagent/nats-tls/ca.crt}
{{- if .clientCertificate }}
- {name: NATS_TLS_CERT, value: /etc/autoagent/nats-tls/tls.crt}
- {name: NATS_TLS_KEY, value: /etc/autoagent/nats-tls/tls.key}
{{- end }}
{{- if .handshakeFirst }}
- {name: NATS_TLS_FIRST, value: "true"}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "autoagent.natsVolumeMounts" -}}
{{- if .Values.nats.auth.secretName }}
- {name: nats-auth, mountPath: /etc/autoagent/nats-auth, readOnly: true}
{{- end }}
{{- if .Values.nats.tls.secretName }}
- {name: nats-tls, mountPath: /etc/autoagent/nats-tls, readOnly: true}
{{- end }}
{{- end -}}

{{- define "autoagent.natsVolumes" -}}
{{- if .Values.nats.auth.secretName }}
- name: nats-auth
  secret: {secretName: {{ .Values.nats.auth.secretName | quote }}, defaultMode: 0440}
{{- end }}
{{- if .Values.nats.tls.secretName }}
- name: nats-tls
  secret: {secretName: {{ .Values.nats.tls.secretName | quote }}, defaultMode: 0440}
{{- end }}
{{- end -}}
