import { DEMO, DEMO_PASSWORD, expect, screenshot, signIn, test } from "./fixtures";

test("an anonymous visitor sees the pool, datasets with readable rows, and approved templates", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "The PromptPool" })).toBeVisible();
  const approved = Number((await page.getByTestId("stat-approved").locator(".stat-value").textContent())?.replace(/,/g, ""));
  const datasets = Number((await page.getByTestId("stat-datasets").locator(".stat-value").textContent())?.replace(/,/g, ""));
  expect(approved).toBeGreaterThan(0);
  expect(datasets).toBeGreaterThanOrEqual(5);
  await screenshot(page, "home");

  await page.goto("/datasets");
  await expect(page.locator(".dataset-card")).toHaveCount(datasets);
  await screenshot(page, "datasets");

  // Every dataset page renders its features and rows; ClassLabel names show next to label values.
  const hrefs = await page.locator(".dataset-card h3 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
  let sawClassLabel = false;
  let sawNested = false;
  for (const href of hrefs) {
    await page.goto(href);
    await expect(page.getByTestId("feature-tree")).toBeVisible();
    await expect(page.getByTestId("sample-rows").locator("tbody tr").first()).toBeVisible();
    await expect(page.getByText("This row could not be read.")).toHaveCount(0);
    if ((await page.locator(".v-label-name").count()) > 0) {
      sawClassLabel = true;
      await screenshot(page, "dataset-classlabel");
    }
    if ((await page.locator(".rows-table .v-dict").count()) > 0) {
      sawNested = true;
      await screenshot(page, "dataset-nested");
    }
  }
  expect(sawClassLabel, "a dataset shows ClassLabel names").toBe(true);
  expect(sawNested, "a dataset shows a nested value (e.g. answers)").toBe(true);

  // Split tabs and pagination.
  await page.goto(hrefs[0]);
  const tabs = page.getByRole("navigation", { name: "Splits" }).getByRole("link");
  const tabCount = await tabs.count();
  expect(tabCount).toBeGreaterThan(0);
  await tabs.last().click();
  await expect(tabs.last()).toHaveAttribute("aria-current", "page");
  const next = page.getByRole("link", { name: "Next →" });
  if ((await next.count()) > 0) {
    const firstIndexBefore = await page.getByTestId("sample-rows").locator("tbody tr td").first().textContent();
    await next.click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByTestId("sample-rows").locator("tbody tr td").first()).not.toHaveText(firstIndexBefore ?? "");
  }

  // An approved template opens read-only with its source and versions.
  await page.goto("/");
  await page.locator("section", { has: page.getByRole("heading", { name: "Recently approved" }) }).locator("li a").first().click();
  await expect(page.locator("h1 .badge")).toHaveText("Approved");
  await expect(page.getByTestId("template-jinja")).not.toBeEmpty();
  await screenshot(page, "template");

  // Private pages send anonymous visitors to sign in.
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fadmin%2Fusers/);
  await screenshot(page, "sign-in");
});

test("unknown pages and records show the not-found page with status 404", async ({ page }) => {
  // No loading.tsx above record pages: a streamed page could only answer 200 once notFound() runs.
  for (const url of ["/datasets/does-not-exist", "/templates/00000000-0000-4000-8000-000000000000", "/no/such/page"]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(404);
    await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  }
});

test("a contributor's draft is hidden from anonymous visitors", async ({ page, browser }) => {
  const contributor = await browser.newContext();
  const own = await contributor.newPage();
  let draftHref: string | null = null;
  try {
    await signIn(own, DEMO.contributor, DEMO_PASSWORD);
    await expect(own.getByRole("button", { name: "Sign out" })).toBeVisible();
    await own.goto("/account");
    const draft = own.locator("li", { has: own.locator(".badge-draft") }).locator("a").first();
    draftHref = await draft.getAttribute("href");
    expect(draftHref).toMatch(/^\/templates\//);
    await own.goto(draftHref!);
    await expect(own.locator("h1 .badge")).toHaveText("Draft");
  } finally {
    await contributor.close();
  }
  await page.goto(draftHref!);
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await expect(page.getByTestId("template-jinja")).toHaveCount(0);
});

test("the health endpoint reports the database and version", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ status: "ok", database: { ok: true, provider: "sqlite" } });
  expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  expect(res.headers()["x-request-id"]).toMatch(/^[0-9a-f]{12}$/);
});
