// Validates signaling messages against signaling.schema.json, the file the server validates
// with too (SignalingSchema.swift). Implements the keywords that file uses, nothing more.

let root = null;

/** Loads the schema once; every page calls this before opening the socket. */
export async function loadSchema() {
  if (!root) {
    const response = await fetch('/signaling/signaling.schema.json');
    if (!response.ok) throw new Error(`cannot load the signaling schema (${response.status})`);
    root = await response.json();
  }
  return root;
}

/** The first problem with `message`, or null when it is valid. */
export function problemWith(message) {
  if (!root) throw new Error('loadSchema() first');
  return check(message, root, 'message');
}

function resolve(reference) {
  return reference.slice(2).split('/').reduce((node, part) => (node ? node[part] : undefined), root);
}

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function hasType(value, type) {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function constType(option) {
  const shape = option.$ref ? resolve(option.$ref) : option;
  return shape?.properties?.type?.const;
}

function check(value, schema, path) {
  if (schema.$ref) return check(value, resolve(schema.$ref), path);
  if (schema.oneOf) {
    const failures = schema.oneOf.map((option) => check(value, option, path));
    const passed = failures.filter((failure) => failure === null).length;
    if (passed === 1) return null;
    if (passed > 1) return `${path} matches more than one message shape`;
    if (typeOf(value) === 'object' && typeof value.type === 'string') {
      const index = schema.oneOf.findIndex((option) => constType(option) === value.type);
      if (index >= 0) return failures[index];
      return `unknown message type '${value.type}'; expected one of: ${schema.oneOf.map(constType).join(', ')}`;
    }
    return `${path} must be an object with a string 'type'`;
  }
  if (schema.type && !hasType(value, schema.type)) return `${path} must be a ${schema.type}`;
  if ('const' in schema && value !== schema.const) return `${path} must be '${schema.const}'`;
  if (schema.enum && !schema.enum.includes(value)) return `${path} must be one of ${schema.enum.join(', ')}`;
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) return `${path} is shorter than ${schema.minLength} characters`;
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return `${path} is longer than ${schema.maxLength} characters`;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `${path} must be at least ${schema.minimum}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${path} must be at most ${schema.maximum}`;
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return `${path} has more than ${schema.maxItems} items`;
    if (schema.items) {
      for (let index = 0; index < value.length; index += 1) {
        const problem = check(value[index], schema.items, `${path}[${index}]`);
        if (problem) return problem;
      }
    }
  }
  if (typeOf(value) === 'object') {
    const properties = schema.properties || {};
    for (const name of schema.required || []) if (!(name in value)) return `${path} is missing '${name}'`;
    if (schema.additionalProperties === false) {
      for (const name of Object.keys(value).sort()) if (!(name in properties)) return `${path} has an unexpected field '${name}'`;
    }
    for (const name of Object.keys(value).sort()) {
      if (properties[name]) {
        const problem = check(value[name], properties[name], `${path}.${name}`);
        if (problem) return problem;
      }
    }
  }
  return null;
}
