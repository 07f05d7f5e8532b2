import { html } from "./html.js";

// The server's message as text; a filter error already holds the CLI's caret line under the filter.
export function ErrorBox({ error }) {
  const code = error?.body?.error_code;
  return html`<div class="error" role="alert">${code ? `${code}: ` : ""}${error?.message ?? String(error)}</div>`;
}
