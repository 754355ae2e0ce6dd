// The REST calls the pages make, with the page's own join token (from its link).

const params = new URLSearchParams(location.search);
export const session = params.get('session');
export const token = params.get('token');

export async function api(method, path, body) {
  const response = await fetch(`/api/sessions/${encodeURIComponent(session)}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error(data?.error?.message ?? `${method} ${path}: ${response.status}`);
  return data;
}

/// A download link for the report in `format`; the token travels in the query like the page's own link.
export function reportLink(format) {
  return `/api/sessions/${encodeURIComponent(session)}?format=${format}&token=${encodeURIComponent(token)}`;
}

export function snapshotLink(snapshotId) {
  return `/api/sessions/${encodeURIComponent(session)}/snapshots/${snapshotId}?token=${encodeURIComponent(token)}`;
}
