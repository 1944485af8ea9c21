// The Secrets an overlay cannot run without, and whether the README's commands create each of them
// in the right namespace. A pod whose env, envFrom or volume names a Secret that is not
// `optional: true` never starts without it (CreateContainerConfigError, or stuck mounting), and
// an Ingress' TLS Secret is served as ingress-nginx's fake certificate when missing: a user who
// follows the README must have created every one of them.

const POD_TEMPLATES = {
  Pod: (o) => o.spec,
  Deployment: (o) => o.spec?.template?.spec,
  StatefulSet: (o) => o.spec?.template?.spec,
  DaemonSet: (o) => o.spec?.template?.spec,
  ReplicaSet: (o) => o.spec?.template?.spec,
  Job: (o) => o.spec?.template?.spec,
  CronJob: (o) => o.spec?.jobTemplate?.spec?.template?.spec,
};

/**
 * Every Secret the rendered objects require, as { namespace, name, where } with `where` the object
 * and field that names it (one entry per reference).
 */
export function requiredSecrets(objects) {
  const required = [];
  for (const o of objects) {
    const namespace = o.metadata?.namespace ?? "default";
    const at = (field) => `${o.kind}/${o.metadata?.name}: ${field}`;
    const need = (name, field) => required.push({ namespace, name, where: at(field) });
    const podOf = POD_TEMPLATES[o.kind];
    const pod = podOf ? podOf(o) : undefined;
    if (pod) {
      const base = o.kind === "Pod" ? "spec" : o.kind === "CronJob" ? "spec.jobTemplate.spec.template.spec" : "spec.template.spec";
      for (const group of ["initContainers", "containers"]) {
        (pod[group] ?? []).forEach((c, i) => {
          (c.env ?? []).forEach((e, j) => {
            const ref = e.valueFrom?.secretKeyRef;
            if (ref && ref.optional !== true) need(ref.name, `${base}.${group}[${i}].env[${j}].valueFrom.secretKeyRef`);
          });
          (c.envFrom ?? []).forEach((e, j) => {
            const ref = e.secretRef;
            if (ref && ref.optional !== true) need(ref.name, `${base}.${group}[${i}].envFrom[${j}].secretRef`);
          });
        });
      }
      (pod.volumes ?? []).forEach((v, i) => {
        if (v.secret && v.secret.optional !== true) need(v.secret.secretName, `${base}.volumes[${i}].secret`);
        (v.projected?.sources ?? []).forEach((s, j) => {
          if (s.secret && s.secret.optional !== true) need(s.secret.name, `${base}.volumes[${i}].projected.sources[${j}].secret`);
        });
      });
      (pod.imagePullSecrets ?? []).forEach((s, i) => need(s.name, `${base}.imagePullSecrets[${i}]`));
    }
    if (o.kind === "Ingress") {
      (o.spec?.tls ?? []).forEach((t, i) => {
        if (t.secretName) need(t.secretName, `spec.tls[${i}].secretName`);
      });
    }
  }
  return required;
}

/** The shell commands in a Markdown text's fenced code blocks, continuation lines joined. */
function shellCommands(markdown) {
  const commands = [];
  for (const block of markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)) {
    const joined = block[1].replace(/\\\n/g, " ");
    for (const line of joined.split("\n")) {
      const command = line.replace(/(^|\s)#.*$/, "").trim();
      if (command) commands.push(command);
    }
  }
  return commands;
}

/**
 * The Secrets a Markdown text's commands create, as { namespace, name, command }: every
 * `kubectl [-n NS | --namespace NS | --namespace=NS] create secret TYPE NAME ...`, wherever the
 * namespace flag stands. A command without a namespace creates in "default".
 */
export function createdSecrets(markdown) {
  const created = [];
  for (const command of shellCommands(markdown)) {
    const words = command.split(/\s+/);
    if (words[0] !== "kubectl") continue;
    let namespace = "default";
    const rest = [];
    for (let i = 1; i < words.length; i++) {
      const w = words[i];
      if ((w === "-n" || w === "--namespace") && i + 1 < words.length) {
        namespace = words[++i];
      } else if (w.startsWith("--namespace=")) {
        namespace = w.slice("--namespace=".length);
      } else if (w.startsWith("-n") && w.length > 2 && !w.startsWith("--")) {
        namespace = w.slice(2);
      } else {
        rest.push(w);
      }
    }
    if (rest[0] === "create" && rest[1] === "secret" && rest.length >= 4) {
      created.push({ namespace, name: rest[3], command });
    }
  }
  return created;
}

/**
 * Problems for each required Secret the README does not create in its namespace, and the sorted
 * list of the required ones it does create ("namespace/name").
 */
export function checkSecretsCreated(objects, markdown, readmeLabel) {
  const created = new Set(createdSecrets(markdown).map((s) => `${s.namespace}/${s.name}`));
  const problems = [];
  const covered = new Set();
  for (const need of requiredSecrets(objects)) {
    const key = `${need.namespace}/${need.name}`;
    if (created.has(key)) {
      covered.add(key);
    } else {
      problems.push({
        where: need.where,
        message: `Secret ${need.name} (namespace ${need.namespace}) is required, and no command in ${readmeLabel} creates it (kubectl -n ${need.namespace} create secret ... ${need.name})`,
      });
    }
  }
  return { problems, covered: [...covered].sort() };
}
