// End to end in headless Chromium (Debian's /usr/bin/chromium; Playwright never downloads a
// browser here): an Owner and a Salesperson on the same board. Run by
// tests/web/test_web_client.py, which arranges the data, serves Tandem and reads the JSON this
// prints. Input, as JSON in the environment variable TANDEM_E2E:
//   baseUrl, owner and seller ({email, password}), deal, warmup, leaving, conflict (titles),
//   fromStage and toStage (stage names), sellerId and departmentId (whose the created deal is),
//   ownerId and otherDepartmentId (where the leaving deal goes), screenshots (a folder),
//   chromium (a path).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const input = JSON.parse(process.env.TANDEM_E2E);
const result = { steps: [], pageErrors: [] };
const step = (name, value = true) => result.steps.push({ name, value });
mkdirSync(input.screenshots, { recursive: true });

// Flags for a closed network and a root user; Playwright gives each launch a fresh profile.
const browser = await chromium.launch({
  executablePath: input.chromium,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
  timeout: 20_000,
});

const shot = (page, name) => page.screenshot({ path: join(input.screenshots, `${name}.png`), fullPage: true });
const card = (page, title) => page.locator('[data-testid="deal-card"]', { hasText: title });
const inStage = (page, stage, title) =>
  page.locator(`[data-testid="stage"][data-stage-name="${stage}"] [data-testid="deal-card"]`, { hasText: title });

// The Salesperson's socket passes through here, so the test can hold back what the server sends
// (as a slow network would) and make that session act on a stale deal.
let holding = false;
const held = [];
async function holdable(context) {
  await context.routeWebSocket(/\/graphql$/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((message) => (holding ? held.push(message) : ws.send(message)));
  });
}
function release(ws) {
  holding = false;
  held.splice(0).forEach((message) => ws?.send(message));
}

async function api(token, query, variables) {
  const response = await fetch(`${input.baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const answer = await response.json();
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data;
}
const session = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem("tandem.session")));

async function signIn(who, { hold = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (hold) await holdable(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on("pageerror", (error) => result.pageErrors.push(`${who.email}: ${error}`));
  await page.goto(`${input.baseUrl}/app/`);
  await page.fill('input[name="email"]', who.email);
  await page.fill('input[name="password"]', who.password);
  await page.click('button[type="submit"]');
  await card(page, input.deal).waitFor({ timeout: 10_000 });
  return page;
}

try {
  const owner = await signIn(input.owner);
  const seller = await signIn(input.seller, { hold: true });
  step("signed in");

  // Hidden fields are absent: the Owner sees the cost, the Salesperson's card has none.
  result.ownerCost = await card(owner, input.deal).locator('[data-field="cost"]').count();
  result.sellerCost = await card(seller, input.deal).locator('[data-field="cost"]').count();
  result.sellerAmount = await card(seller, input.deal).locator('[data-field="amount"]').count();
  await shot(owner, "1-owner-board");
  await shot(seller, "1-salesperson-board");

  // A first move the Salesperson sees, however long its subscription took to start: from then
  // on its socket is known to listen, and the next move is timed.
  await card(owner, input.warmup).dragTo(owner.locator(`[data-testid="stage"][data-stage-name="${input.toStage}"]`));
  await inStage(seller, input.toStage, input.warmup).waitFor({ timeout: 10_000 });
  step("warm-up move seen");

  // Timed from the moment the Owner's page sends dealMove (not from the start of the mouse
  // gesture) to the moment the card is in the Salesperson's column.
  const sent = owner
    .waitForRequest((request) => request.postData()?.includes("mutation DealMove") ?? false)
    .then(() => Date.now());
  await card(owner, input.deal).dragTo(owner.locator(`[data-testid="stage"][data-stage-name="${input.toStage}"]`));
  await inStage(seller, input.toStage, input.deal).waitFor({ timeout: 5_000 });
  result.moveSeenMs = Date.now() - (await sent);
  await inStage(owner, input.toStage, input.deal).waitFor({ timeout: 5_000 });
  await shot(seller, "2-salesperson-after-move");
  const ownerToken = (await session(owner)).accessToken;

  // A deal created elsewhere (here through the API) appears on the Salesperson's board.
  const newStageId = await seller.locator(`[data-testid="stage"][data-stage-name="${input.fromStage}"]`).getAttribute("data-stage-id");
  await api(ownerToken, "mutation($input: DealCreateInput!) { dealCreate(input: $input) { id } }", {
    input: { title: "Fresh deal", stageId: newStageId, amount: "250.00", ownerId: input.sellerId, departmentId: input.departmentId },
  });
  await inStage(seller, input.fromStage, "Fresh deal").waitFor();
  step("created deal appeared");

  // A stale move: the Owner changes a deal while the Salesperson's page hears nothing; the
  // Salesperson's move carries the old version, is refused (CONFLICT) and the page shows the
  // deal as the server has it.
  holding = true;
  const conflictId = await card(seller, input.conflict).getAttribute("data-deal-id");
  const changed = await api(
    ownerToken,
    "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { version } }",
    { input: { id: conflictId, amount: "1500.00" } },
  );
  await card(seller, input.conflict).dragTo(seller.locator(`[data-testid="stage"][data-stage-name="${input.toStage}"]`));
  const notice = seller.locator('[data-testid="conflict"]');
  await notice.waitFor();
  result.conflict = {
    notice: await notice.textContent(),
    version: changed.dealUpdate.version,
    stayed: await inStage(seller, input.fromStage, input.conflict).count(),
    amount: await inStage(seller, input.fromStage, input.conflict).locator('[data-field="amount"]').textContent(),
  };
  await shot(seller, "2-salesperson-conflict");
  release(null); // what was held is stale now; the page reads the deal again below anyway
  step("conflict shown");

  // Session refresh: an access token about to expire is exchanged through tokenRefresh (the
  // page refreshes ahead of expiry; here the expiry is moved to now and the page reloaded).
  const before = await session(seller);
  await seller.evaluate(() => {
    const s = JSON.parse(sessionStorage.getItem("tandem.session"));
    s.accessTokenExpiresAt = new Date().toISOString();
    sessionStorage.setItem("tandem.session", JSON.stringify(s));
  });
  await seller.reload();
  await seller.waitForFunction(
    (old) => JSON.parse(sessionStorage.getItem("tandem.session") || "null")?.refreshToken !== old,
    before.refreshToken,
  );
  const after = await session(seller);
  result.refreshed = after.accessToken !== before.accessToken && after.refreshToken !== before.refreshToken;
  // The new token works: the Salesperson's own move reaches the Owner's board.
  await card(seller, input.conflict).waitFor();
  await card(seller, input.conflict).dragTo(seller.locator(`[data-testid="stage"][data-stage-name="${input.toStage}"]`));
  await inStage(owner, input.toStage, input.conflict).waitFor();
  step("session refreshed");

  // Presence: both open the deal and each sees two avatars.
  await inStage(owner, input.toStage, input.deal).click();
  await inStage(seller, input.toStage, input.deal).click();
  for (const page of [owner, seller]) {
    await page.locator('[data-testid="presence-avatar"]').nth(1).waitFor({ timeout: 5_000 });
  }
  result.presence = await seller.locator('[data-testid="presence-avatar"]').evaluateAll((els) =>
    els.map((el) => el.dataset.userName).sort(),
  );
  result.panelCost = await seller.locator('[data-testid="deal-panel"] [data-field="cost"]').count();

  // A comment with a mention, written by the Salesperson, arrives live in the Owner's panel.
  const composer = seller.locator('[data-testid="deal-panel"] textarea');
  await composer.fill("Call me back, @Own");
  await seller.locator(".suggestions li", { hasText: "Owner" }).click();
  await composer.press("End");
  await composer.pressSequentially("please");
  await seller.locator('[data-testid="deal-panel"] button[type="submit"]', { hasText: "Comment" }).click();
  const heard = owner.locator('[data-testid="comment"]', { hasText: "please" });
  await heard.waitFor({ timeout: 5_000 });
  result.mention = await heard.locator(".mention").textContent();

  // A task on the deal.
  await owner.fill('[data-testid="deal-panel"] input[placeholder="New task"]', "Send the contract");
  await owner.click('[data-testid="deal-panel"] .tasks button[type="submit"]');
  await owner.locator('[data-testid="task"]', { hasText: "Send the contract" }).waitFor({ timeout: 5_000 });
  await shot(owner, "3-owner-deal-panel");
  await shot(seller, "3-salesperson-deal-panel");

  // A deal given to someone of another department leaves the Salesperson's board (LEFT_VIEW) at once.
  const id = await card(owner, input.leaving).getAttribute("data-deal-id");
  await api(ownerToken, "mutation($input: DealUpdateInput!) { dealUpdate(input: $input) { id } }", {
    input: { id, ownerId: input.ownerId, departmentId: input.otherDepartmentId },
  });
  await card(seller, input.leaving).waitFor({ state: "detached", timeout: 5_000 });
  result.ownerStillSeesLeaving = await card(owner, input.leaving).count();
  step("left view");

  // The dashboard's chart, from the `dashboard` subscription.
  await owner.click("header nav button:has-text('Dashboard')");
  await owner.locator('[data-testid="chart-bar"]').first().waitFor({ timeout: 5_000 });
  result.chartBars = await owner.locator('[data-testid="chart-bar"]').count();
  await shot(owner, "4-owner-dashboard");
  step("dashboard");
} catch (error) {
  result.error = String(error?.stack || error);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
