import { expect, screenshot, test } from "./fixtures";

test("a contributor makes a token, uses it on the API, and revokes it", async ({ page, request }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Tess Token");
  await page.getByLabel("Email").fill(`api-${Date.now()}@example.test`);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  await page.goto("/account");
  const tokens = page.getByRole("region", { name: "API tokens" });
  await expect(tokens.getByText("You have no tokens.")).toBeVisible();
  await tokens.getByLabel("Token name").fill("e2e pipeline");
  await tokens.getByRole("radio", { name: /write: also create/ }).check();
  await tokens.getByRole("button", { name: "Create token" }).click();
  const shown = tokens.getByTestId("new-token");
  await expect(shown).toHaveText(/^pp_[A-Za-z0-9_-]{43}$/);
  const secret = (await shown.textContent())!;
  await expect(tokens.getByRole("row", { name: /e2e pipeline/ })).toContainText("write");
  await screenshot(page, "api-token-created");

  const auth = { authorization: `Bearer ${secret}` };
  const pool = await request.get("/api/v1/templates?limit=5", { headers: auth });
  expect(pool.status()).toBe(200);
  const page1 = await pool.json();
  expect(page1.total).toBeGreaterThan(0);
  expect(page1.items[0].approved.jinja).toEqual(expect.any(String));

  const datasets = (await (await request.get("/api/v1/datasets", { headers: auth })).json()).items as { id: string }[];
  const created = await request.post("/api/v1/templates", {
    headers: auth,
    data: { datasetId: datasets[0].id, name: `From the API ${Date.now()}`, jinja: "Say it again: {{ text }} |||", message: "first, through the API" },
  });
  expect(created.status()).toBe(201);
  const templateId = (await created.json()).template.id as string;

  const v2 = await request.post(`/api/v1/templates/${templateId}/versions`, { headers: auth, data: { baseVersion: 1, jinja: "Once more: {{ text }} |||" } });
  expect(v2.status()).toBe(201);
  expect((await v2.json()).version.number).toBe(2);
  const stale = await request.post(`/api/v1/templates/${templateId}/versions`, { headers: auth, data: { baseVersion: 1, jinja: "A stale edit |||" } });
  expect(stale.status()).toBe(409);
  expect((await stale.json()).error.code).toBe("VERSION_CONFLICT");

  // The new template is the user's draft: visible on their account page, not in the pool.
  await page.reload();
  await expect(page.getByRole("link", { name: /From the API/ })).toBeVisible();
  // Shown once: after a reload only the prefix is left.
  await expect(tokens.getByTestId("new-token")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(secret);
  const row = tokens.getByRole("row", { name: /e2e pipeline/ });
  await expect(row).toContainText(secret.slice(0, 10));
  await expect(row).not.toContainText("never"); // last used is recorded

  await row.getByRole("button", { name: "Revoke e2e pipeline" }).click();
  await expect(row).toContainText("revoked");
  const after = await request.get("/api/v1/templates", { headers: auth });
  expect(after.status()).toBe(401);
  expect((await after.json()).error).toEqual({ code: "UNAUTHORIZED", message: "This token has been revoked" });
  await screenshot(page, "api-token-revoked");
});

test("the API documentation page shows the OpenAPI document offline", async ({ page, request }) => {
  const doc = await (await request.get("/api/v1/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  await page.goto("/api-docs");
  await expect(page.getByRole("heading", { name: "PromptPool API" })).toBeVisible();
  const render = page.getByRole("article", { name: "POST /api/v1/render" });
  await expect(render).toContainText("Apply a template to rows");
  await expect(render).toContainText("RENDER_LIMIT");
  await render.screenshot({ path: "tmp/screenshots/api-docs-render.png" });
  await expect(page.getByRole("article", { name: "POST /api/v1/templates/{templateId}/versions" })).toContainText("VERSION_CONFLICT");
  await screenshot(page, "api-docs");
});
