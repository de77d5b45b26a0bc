{{- define "autoagent.labels" -}}
app.kubernetes.io/part-of: autoagent
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "autoagent.image" -}}
{{ .image.repository }}:{{ .image.tag | default .root.Chart.AppVersion }}
{{- end -}}

{{/* Secret-backed environment: each key optional, so one Secret serves both agents; each agent
     gets only the keys it reads. Call with (dict "root" $ "keys" (list ...)). */}}
{{- define "autoagent.secretEnv" -}}
{{- $root := .root }}
{{- if $root.Values.secretName }}
{{- range $key := .keys }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.secretName }}
      key: {{ $key }}
      optional: true
{{- end }}
{{- end }}
{{- end -}}

{{- define "autoagent.probes" -}}
startupProbe:
  httpGet: {path: /healthz, port: http}
  periodSeconds: 2
  failureThreshold: 30
livenessProbe:
  httpGet: {path: /healthz, port: http}
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /readyz, port: http}
  periodSeconds: 5
  failureThreshold: 2
{{- end -}}
