/** POSTs one GraphQL operation and fails unless the answer has data and no errors. */
export async function checkedQuery(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<Record<string, any>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  let json: { data?: Record<string, any>; errors?: unknown[] };
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${url} answered HTTP ${response.status} without JSON: ${text.slice(0, 300)}`);
  }
  if (response.status !== 200 || json.errors || !json.data) {
    throw new Error(`${url} answered HTTP ${response.status} with ${text.slice(0, 500)}`);
  }
  return json.data;
}
