// mlruns ui: the app's entry. Bundled by scripts/bundle-ui.mjs into dist/ui/static/app.js.
import { render } from "preact";
import { ChartsPage } from "./charts-page.js";
import { ComparePage } from "./compare-page.js";
import { ExperimentsPage } from "./experiments-page.js";
import { html } from "./html.js";
import { hrefFor, useRoute } from "./router.js";
import { RunPage } from "./run-page.js";
import { RunsPage } from "./runs-page.js";

function App() {
  const { parts, params } = useRoute();
  let page;
  if (parts[0] === "experiments" && parts[1]) page = html`<${RunsPage} experimentIds=${parts[1].split(",")} params=${params} />`;
  else if (parts[0] === "charts") page = html`<${ChartsPage} params=${params} />`;
  else if (parts[0] === "runs" && parts[1]) page = html`<${RunPage} key=${parts[1]} runId=${parts[1]} params=${params} />`;
  else if (parts[0] === "compare") page = html`<${ComparePage} params=${params} />`;
  else page = html`<${ExperimentsPage} params=${params} />`;
  return html`<header><a href=${hrefFor([])}>mlruns ui</a><span class="muted">read-only viewer of a local MLflow store</span></header><main>${page}</main>`;
}

render(html`<${App} />`, document.getElementById("app"));
