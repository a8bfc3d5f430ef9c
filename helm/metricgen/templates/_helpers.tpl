{{/* The name of everything the chart makes. */}}
{{- define "metricgen.name" -}}metricgen-operator{{- end -}}

{{- define "metricgen.labels" -}}
app.kubernetes.io/name: metricgen-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "metricgen.selector" -}}
app.kubernetes.io/name: metricgen-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "metricgen.image" -}}
{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}
{{- end -}}

{{/* The rules on the operator's own objects, for a ClusterRole or a Role in each namespace. */}}
{{- define "metricgen.rules" -}}
# The resources it reconciles: status, and the finalizers that remove what it made.
- apiGroups: [metricgen.io]
  resources: [metricgenerators]
  verbs: [get, list, watch, patch, update]
- apiGroups: [metricgen.io]
  resources: [metricgenerators/status, metricgenerators/finalizers]
  verbs: [get, patch, update]
# Backfills: its own to reconcile, and those it makes for a MetricGenerator's history.
- apiGroups: [metricgen.io]
  resources: [backfills]
  verbs: [get, list, watch, create, patch, update, delete]
- apiGroups: [metricgen.io]
  resources: [backfills/status, backfills/finalizers]
  verbs: [get, patch, update]
# What it makes for them (informers list and watch only its own, by label).
- apiGroups: [apps]
  resources: [deployments]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [batch]
  resources: [jobs]
  verbs: [get, list, watch, create, delete]
- apiGroups: [""]
  resources: [services, configmaps]
  verbs: [get, list, watch, create, update, patch, delete]
# A Backfill's pods get a ServiceAccount whose Role reads and updates their checkpoint
# ConfigMaps by name. The operator holds those ConfigMap rights itself, so it may grant them
# without "escalate" or "bind".
- apiGroups: [""]
  resources: [serviceaccounts]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [rbac.authorization.k8s.io]
  resources: [roles, rolebindings]
  verbs: [get, list, watch, create, update, patch, delete]
# Events on the resources, for what their owners must notice.
- apiGroups: [""]
  resources: [events]
  verbs: [create, patch]
{{- if eq .Values.scrape.mode "serviceMonitor" }}
# The ServiceMonitors that register the managed Pushgateways.
- apiGroups: [monitoring.coreos.com]
  resources: [servicemonitors]
  verbs: [get, create, update, patch, delete]
{{- else if eq .Values.scrape.mode "scrapeConfig" }}
# The ScrapeConfigs that register the Pushgateways.
- apiGroups: [monitoring.coreos.com]
  resources: [scrapeconfigs]
  verbs: [get, create, update, patch, delete]
{{- end }}
{{- if eq .Values.dashboards.mode "grafanaOperator" }}
# The GrafanaDashboards of the grafana-operator (listed by label to remove those no longer asked for).
- apiGroups: [grafana.integreatly.org]
  resources: [grafanadashboards]
  verbs: [get, list, create, update, patch, delete]
{{- end }}
{{- end -}}
