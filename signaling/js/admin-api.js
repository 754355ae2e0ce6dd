// The dashboard's REST calls with the admin key, which lives only in this tab's session storage.

const keyName = 'vigil.adminKey';
const linksName = 'vigil.links';

export const adminKey = {
  get: () => sessionStorage.getItem(keyName),
  set: (key) => sessionStorage.setItem(keyName, key),
  clear: () => { sessionStorage.removeItem(keyName); sessionStorage.removeItem(linksName); },
};

/// The join links of sessions created in this tab. The server keeps only hashes of the tokens,
/// so links exist only where they were handed out.
export const savedLinks = {
  all: () => JSON.parse(sessionStorage.getItem(linksName) ?? '{}'),
  of: (id) => savedLinks.all()[id],
  save: (id, links) => sessionStorage.setItem(linksName, JSON.stringify({ ...savedLinks.all(), [id]: links })),
  forget: (id) => { const all = savedLinks.all(); delete all[id]; sessionStorage.setItem(linksName, JSON.stringify(all)); },
};

export class RefusedError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export async function adminFetch(method, path, body, key = adminKey.get()) {
  const response = await fetch(path, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return response;
}

export async function adminJSON(method, path, body, key) {
  const response = await adminFetch(method, path, body, key);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new RefusedError(response.status, data?.error?.message ?? `${method} ${path}: ${response.status}`);
  return data;
}
