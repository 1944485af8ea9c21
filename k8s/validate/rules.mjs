// Rules SSE and a graceful drain need that no schema knows. Each takes its numbers from the
// rendered ConfigMap, so a change of lifetime or drain period is checked against the rest.

const DURATION_UNITS = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Seconds of a Quarkus duration such as 15s, 10m, 500ms or PT30S. */
function seconds(text, fallback) {
  if (text === undefined) return fallback;
  const simple = /^([0-9.]+)(ms|s|m|h)?$/.exec(String(text).trim());
  if (simple) return Number(simple[1]) * DURATION_UNITS[simple[2] ?? "s"];
  const iso = /^PT(?:([0-9.]+)H)?(?:([0-9.]+)M)?(?:([0-9.]+)S)?$/i.exec(String(text).trim());
  if (iso) return (Number(iso[1] ?? 0) * 60 + Number(iso[2] ?? 0)) * 60 + Number(iso[3] ?? 0);
  return fallback;
}

function isServer(o) {
  return o.kind === "Deployment" && o.spec?.selector?.matchLabels?.["app.kubernetes.io/component"] === "server";
}

/**
 * The JVM settings the image sets in its Dockerfile's ENV (GC_CONTAINER_OPTIONS, JAVA_OPTS_APPEND,
 * ...), from lines such as {@code NAME="value" \\}.
 */
export function imageEnv(dockerfile) {
  const env = {};
  for (const m of dockerfile.matchAll(/^\s*(?:ENV\s+)?([A-Z_]+)="([^"]*)"/gm)) env[m[1]] = m[2];
  return env;
}

/** The variables whose value a Deployment that spells them out must take from the image. */
const IMAGE_JVM_SETTINGS = ["GC_CONTAINER_OPTIONS", "JAVA_OPTS_APPEND"];

export function checkRules(objects, image = {}) {
  const problems = [];
  const fail = (o, where, message) =>
    problems.push({ where: `${o.kind}/${o.metadata?.name}: ${where}`, message });
  const settings = Object.assign(
    {},
    ...objects.filter((o) => o.kind === "ConfigMap" && o.metadata?.name?.startsWith("streamgate-config")).map((o) => o.data ?? {}),
  );
  const heartbeat = seconds(settings.STREAMGATE_STREAM_HEARTBEAT, 15);
  const lifetime = seconds(settings.STREAMGATE_STREAM_MAX_LIFETIME, 600);
  const drain = seconds(settings.STREAMGATE_SHUTDOWN_DRAIN_PERIOD, 30);

  const servers = objects.filter(isServer);
  if (servers.length !== 1) {
    problems.push({ where: "Deployment", message: `expected one server Deployment, found ${servers.length}` });
  }
  for (const d of servers) {
    const pod = d.spec.template.spec;
    if (!(pod.terminationGracePeriodSeconds >= drain + 10)) {
      fail(d, "spec.template.spec.terminationGracePeriodSeconds",
        `must be at least the drain period (${drain}s) + 10s, is ${pod.terminationGracePeriodSeconds}`);
    }
    if (pod.securityContext?.runAsNonRoot !== true) {
      fail(d, "spec.template.spec.securityContext.runAsNonRoot", "must be true");
    }
    pod.containers.forEach((c, i) => {
      const at = `spec.template.spec.containers[${i}]`;
      const probes = { startupProbe: "/q/health/started", livenessProbe: "/q/health/live", readinessProbe: "/q/health/ready" };
      for (const [probe, want] of Object.entries(probes)) {
        if (c[probe]?.httpGet?.path !== want) fail(d, `${at}.${probe}`, `must be an httpGet of ${want}`);
      }
      if (c.securityContext?.readOnlyRootFilesystem !== true) {
        fail(d, `${at}.securityContext.readOnlyRootFilesystem`, "must be true");
      }
      if (c.securityContext?.allowPrivilegeEscalation !== false) {
        fail(d, `${at}.securityContext.allowPrivilegeEscalation`, "must be false");
      }
      if (!c.resources?.requests?.memory || !c.resources?.limits?.memory) {
        fail(d, `${at}.resources`, "memory request and limit are required");
      }
      (c.env ?? []).forEach((e, j) => {
        if (IMAGE_JVM_SETTINGS.includes(e.name) && image[e.name] !== undefined && e.value !== image[e.name]) {
          fail(d, `${at}.env[${j}]`,
            `${e.name} must be the image's JVM flags (src/main/docker/Dockerfile.jvm: "${image[e.name]}"), is "${e.value}"`);
        }
      });
    });
  }

  for (const ing of objects.filter((o) => o.kind === "Ingress")) {
    const a = ing.metadata?.annotations ?? {};
    if (a["nginx.ingress.kubernetes.io/proxy-buffering"] !== "off") {
      fail(ing, "metadata.annotations", "nginx.ingress.kubernetes.io/proxy-buffering must be \"off\" (events would wait in the proxy)");
    }
    for (const key of ["proxy-read-timeout", "proxy-send-timeout"]) {
      const value = Number(a[`nginx.ingress.kubernetes.io/${key}`]);
      if (!(value > heartbeat && value > lifetime)) {
        fail(ing, "metadata.annotations",
          `nginx.ingress.kubernetes.io/${key} must exceed the heartbeat (${heartbeat}s) and the stream lifetime (${lifetime}s), is ${a[`nginx.ingress.kubernetes.io/${key}`]}`);
      }
    }
  }

  const maxStreams = Number(settings.STREAMGATE_STREAM_MAX_STREAMS ?? 10000);
  for (const hpa of objects.filter((o) => o.kind === "HorizontalPodAutoscaler")) {
    if (!(hpa.spec.minReplicas <= hpa.spec.maxReplicas)) {
      fail(hpa, "spec", `minReplicas (${hpa.spec.minReplicas}) above maxReplicas (${hpa.spec.maxReplicas})`);
    }
    const metrics = hpa.spec.metrics ?? [];
    if (!metrics.some((m) => m.type === "Resource" && m.resource?.name === "cpu")) {
      fail(hpa, "spec.metrics", "must keep the CPU target (deliveries cost CPU)");
    }
    metrics.forEach((m, i) => {
      if (m.type !== "Pods" || m.pods?.metric?.name !== "streamgate_streams_open") return;
      const target = Number(m.pods.target?.averageValue);
      // The capacity model: a draining pod's streams must fit on the others below max-streams.
      if (!(target > 0 && target <= maxStreams / 2)) {
        fail(hpa, `spec.metrics[${i}].pods.target.averageValue`,
          `open streams per pod must be at most half of STREAMGATE_STREAM_MAX_STREAMS (${maxStreams}), is ${m.pods.target?.averageValue}`);
      }
    });
  }
  return problems;
}
