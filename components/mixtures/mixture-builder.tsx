"use client";

import Link from "next/link";
import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import { MIX_PRESETS, type MixPreset } from "@/lib/mixture/presets";
import type { MixtureRequestInput } from "@/lib/mixture/request";
import type { Taxonomy } from "@/lib/mixture/taxonomy";
import type { MixtureOptions, MixturePlanView } from "@/lib/mixture/views";
import { applyPreset, initialForm, toRequest, type MixForm } from "@/lib/mixture/builder-form";
import { MixtureRun, type MixtureRunProps } from "./mixture-run";

type Failure = { ok: false; error: { code: string; message: string; fields?: Record<string, string> } };
type Result<T> = { ok: true; data: T } | Failure;

export interface MixtureBuilderProps {
  releases: { name: string; templateCount: number; datasetCount: number }[];
  initialOptions: MixtureOptions | null;
  loadOptions: (input: { release: string; taxonomy: Taxonomy }) => Promise<Result<MixtureOptions>>;
  plan: (input: MixtureRequestInput) => Promise<Result<MixturePlanView>>;
  run?: Omit<MixtureRunProps, "request" | "disabled">;
}

const fmt = (n: number) => n.toLocaleString("en");

export function MixtureBuilder({ releases, initialOptions, loadOptions, plan, run }: MixtureBuilderProps) {
  const [form, setForm] = useState<MixForm>(() => initialForm(initialOptions?.release ?? releases[0]?.name ?? ""));
  const [options, setOptions] = useState<MixtureOptions | null>(initialOptions);
  const [optionsError, setOptionsError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ plan: MixturePlanView | null; error: string | null; pending: boolean }>({ plan: null, error: null, pending: true });
  const [, startLoading] = useTransition();
  const [activePreset, setActivePreset] = useState<MixPreset["id"] | null>(null);

  // Server action references may change when the page refreshes; the effects below must not re-run for that.
  const actions = useRef({ loadOptions, plan });
  actions.current = { loadOptions, plan };

  const set = <K extends keyof MixForm>(key: K, value: MixForm[K]) => {
    setActivePreset(null);
    setForm((f) => ({ ...f, [key]: value }));
  };

  // A new release or taxonomy: load what it offers.
  const loaded = useRef(`${initialOptions?.release}\u0000${initialOptions?.taxonomy}`);
  useEffect(() => {
    const key = `${form.release}\u0000${form.taxonomy}`;
    if (!form.release || loaded.current === key) return;
    loaded.current = key;
    startLoading(async () => {
      const r = await actions.current.loadOptions({ release: form.release, taxonomy: form.taxonomy });
      if (loaded.current !== key) return;
      if (r.ok) {
        setOptions(r.data);
        setOptionsError(null);
      } else setOptionsError(r.error.message);
    });
  }, [form.release, form.taxonomy]);

  const request = useMemo(() => toRequest(form, options && options.release === form.release && options.taxonomy === form.taxonomy ? options : null), [form, options]);
  const requestKey = JSON.stringify(request);
  const optionsReady = options !== null && options.release === form.release && options.taxonomy === form.taxonomy;

  // The live preview: the plan of the current parameters, a moment after the last change.
  const seq = useRef(0);
  useEffect(() => {
    if (!optionsReady) return;
    const mine = ++seq.current;
    setPreview((p) => ({ ...p, pending: true }));
    const timer = setTimeout(async () => {
      const r = await actions.current.plan(JSON.parse(requestKey) as MixtureRequestInput);
      if (seq.current !== mine) return;
      setPreview(r.ok ? { plan: r.data, error: null, pending: false } : { plan: null, error: r.error.message, pending: false });
    }, 250);
    return () => clearTimeout(timer);
  }, [requestKey, optionsReady]);

  if (releases.length === 0) {
    return (
      <p className="alert alert-info">
        No release has been published yet. A mixture is built from a release&apos;s frozen template versions: an admin publishes one on <Link href="/releases">Releases</Link>.
      </p>
    );
  }

  const heldCats = new Set(form.heldOutCategories);
  const heldDs = new Set(form.heldOutDatasets);
  const heldT = new Set(form.heldOutTemplates);
  const toggle = (key: "heldOutCategories" | "heldOutDatasets" | "heldOutTemplates", id: string, include: boolean) =>
    set(key, include ? form[key].filter((x) => x !== id) : [...form[key], id]);

  return (
    <div className="mixture-builder">
      <form className="card form mixture-form" aria-label="Mixture parameters" onSubmit={(e) => e.preventDefault()}>
        <div className="mixture-presets" role="group" aria-label="Presets">
          <span className="small muted">Presets</span>
          {MIX_PRESETS.map((p) => (
            <button
              key={p.id}
              type="button"
              className={activePreset === p.id ? "small" : "secondary small"}
              aria-pressed={activePreset === p.id}
              title={p.description}
              onClick={() => {
                setForm((f) => applyPreset(f, p));
                setActivePreset(p.id);
              }}
            >
              {p.label}
            </button>
          ))}
        </div>
        {activePreset ? <p className="small muted">{MIX_PRESETS.find((p) => p.id === activePreset)!.description}</p> : null}

        <div className="mixture-row">
          <label className="field">
            <span>Release</span>
            <select value={form.release} onChange={(e) => set("release", e.target.value)}>
              {releases.map((r) => (
                <option key={r.name} value={r.name}>
                  {r.name} ({r.templateCount} templates, {r.datasetCount} datasets)
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Task categories</span>
            <select value={form.taxonomy} onChange={(e) => set("taxonomy", e.target.value as Taxonomy)}>
              <option value="t0">T0 task clusters</option>
              <option value="sni">Super-NaturalInstructions categories</option>
            </select>
          </label>
          <label className="field">
            <span>Split</span>
            <select value={form.split} onChange={(e) => set("split", e.target.value)}>
              {(optionsReady ? options!.splits : [form.split]).map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        </div>
        {optionsError ? (
          <p className="alert alert-error" role="alert">
            {optionsError}
          </p>
        ) : null}

        {optionsReady ? (
          <fieldset className="mixture-selection">
            <legend>Include or hold out</legend>
            <p className="small muted">Unticked categories, datasets and templates are held out of the mixture.</p>
            <ul className="list-plain">
              {options!.categories.map((c) => {
                const datasets = options!.datasets.filter((d) => d.category === c.id);
                return (
                  <li key={c.id} className="mixture-category">
                    <label className="check">
                      <input type="checkbox" checked={!heldCats.has(c.id)} onChange={(e) => toggle("heldOutCategories", c.id, e.target.checked)} aria-label={`Include category ${c.name}`} />
                      <strong>{c.name}</strong>{" "}
                      <span className="small muted">
                        {c.datasets} dataset{c.datasets === 1 ? "" : "s"}, {c.templates} template{c.templates === 1 ? "" : "s"}
                      </span>
                      {c.t0HeldOut ? <span className="badge">held out by T0</span> : null}
                    </label>
                    <ul className="list-plain mixture-datasets">
                      {datasets.map((d) => (
                        <li key={d.key}>
                          <label className="check">
                            <input
                              type="checkbox"
                              disabled={heldCats.has(c.id)}
                              checked={!heldCats.has(c.id) && !heldDs.has(d.key)}
                              onChange={(e) => toggle("heldOutDatasets", d.key, e.target.checked)}
                              aria-label={`Include dataset ${d.key}`}
                            />
                            {d.key} <span className="small muted">({fmt(d.rows[form.split] ?? 0)} rows in {form.split})</span>
                          </label>
                          <details>
                            <summary className="small">
                              {d.templates.length} template{d.templates.length === 1 ? "" : "s"}
                              {d.templates.some((t) => heldT.has(t.id)) ? `, ${d.templates.filter((t) => heldT.has(t.id)).length} held out` : ""}
                            </summary>
                            <ul className="list-plain mixture-templates">
                              {d.templates.map((t) => (
                                <li key={t.id}>
                                  <label className="check small">
                                    <input
                                      type="checkbox"
                                      disabled={heldCats.has(c.id) || heldDs.has(d.key)}
                                      checked={!heldCats.has(c.id) && !heldDs.has(d.key) && !heldT.has(t.id)}
                                      onChange={(e) => toggle("heldOutTemplates", t.id, e.target.checked)}
                                      aria-label={`Include template ${d.key}: ${t.name}`}
                                    />
                                    {t.name} <span className="muted">v{t.version}</span>
                                    {t.originalTask === false ? <span className="muted"> (not the original task)</span> : null}
                                  </label>
                                </li>
                              ))}
                            </ul>
                          </details>
                        </li>
                      ))}
                    </ul>
                  </li>
                );
              })}
            </ul>
            <label className="check">
              <input type="checkbox" checked={form.originalTaskOnly} onChange={(e) => set("originalTaskOnly", e.target.checked)} />
              Leave out templates marked &ldquo;not the original task&rdquo;
            </label>
          </fieldset>
        ) : (
          <p className="muted">Loading the release…</p>
        )}

        <fieldset className="mixture-grid">
          <legend>Mixing</legend>
          <label className="field">
            <span>Mixing rule</span>
            <select value={form.rule} onChange={(e) => set("rule", e.target.value as MixForm["rule"])}>
              <option value="proportional">Examples-proportional (with cap)</option>
              <option value="equal">Equal per dataset</option>
              <option value="temperature">Temperature-scaled</option>
            </select>
          </label>
          {form.rule === "temperature" ? (
            <label className="field">
              <span>Temperature</span>
              <input type="text" inputMode="decimal" value={form.temperature} onChange={(e) => set("temperature", e.target.value)} />
            </label>
          ) : null}
          <label className="field">
            <span>Per-dataset cap</span>
            <input type="text" inputMode="numeric" placeholder="no cap" value={form.cap} onChange={(e) => set("cap", e.target.value)} />
          </label>
          <label className="field">
            <span>Total examples</span>
            <input type="text" inputMode="numeric" placeholder="sum of min(rows, cap)" value={form.total} onChange={(e) => set("total", e.target.value)} />
          </label>
          <label className="field">
            <span>Seed</span>
            <input type="text" inputMode="numeric" value={form.seed} onChange={(e) => set("seed", e.target.value)} />
          </label>
        </fieldset>

        <fieldset className="mixture-grid">
          <legend>Zero-shot and few-shot</legend>
          <label className="field">
            <span>Few-shot share (0–1)</span>
            <input type="text" inputMode="decimal" value={form.fewShotRatio} onChange={(e) => set("fewShotRatio", e.target.value)} />
          </label>
          <label className="field">
            <span>Exemplars (k)</span>
            <input type="text" inputMode="numeric" value={form.k} onChange={(e) => set("k", e.target.value)} />
          </label>
          <label className="field">
            <span>Separator</span>
            <input type="text" value={form.separator} onChange={(e) => set("separator", e.target.value)} aria-describedby="separator-help" />
            <span id="separator-help" className="small muted">
              \n is a newline
            </span>
          </label>
          <label className="field">
            <span>Character budget</span>
            <input type="text" inputMode="numeric" value={form.maxInputChars} onChange={(e) => set("maxInputChars", e.target.value)} />
          </label>
          <label className="field">
            <span>Answer options</span>
            <select value={form.options} onChange={(e) => set("options", e.target.value as MixForm["options"])}>
              <option value="auto">Listed after the input (FLAN&apos;s _opt)</option>
              <option value="never">Never listed</option>
            </select>
          </label>
        </fieldset>

        <fieldset>
          <legend>Output</legend>
          <div className="mixture-formats" role="radiogroup" aria-label="Output shape">
            {(
              [
                ["jsonl", "JSONL", "inputs, targets, task, template_id, template_version, dataset, split, shots, template_type"],
                ["chat", "Chat", "messages: user, assistant"],
                ["alpaca", "Alpaca", "instruction, input, output (one per line)"],
              ] as const
            ).map(([value, label, help]) => (
              <label key={value} className="check">
                <input type="radio" name="format" value={value} checked={form.format === value} onChange={() => set("format", value)} />
                {label} <span className="small muted">{help}</span>
              </label>
            ))}
          </div>
        </fieldset>
      </form>

      <section className="card mixture-preview" aria-labelledby="mixture-preview-title" aria-busy={preview.pending}>
        <h2 id="mixture-preview-title">Planned counts</h2>
        <p className="small muted">A preview: nothing is rendered or written until you build the mixture.</p>
        {preview.error ? (
          <p className="alert alert-error" role="alert">
            {preview.error}
          </p>
        ) : preview.plan ? (
          <PlanTables plan={preview.plan} stale={preview.pending} />
        ) : (
          <p className="muted">Planning…</p>
        )}
        {run ? <MixtureRun {...run} request={request} disabled={!preview.plan || !!preview.error || preview.pending} /> : null}
      </section>
    </div>
  );
}

function PlanTables({ plan, stale }: { plan: MixturePlanView; stale: boolean }) {
  return (
    <div className={stale ? "mixture-stale" : undefined}>
      <div className="grid grid-stats">
        <div className="stat">
          <div className="stat-value" data-testid="planned-total">
            {fmt(plan.total)}
          </div>
          <div className="stat-label">examples planned</div>
        </div>
        <div className="stat">
          <div className="stat-value" data-testid="planned-few-shot">
            {fmt(plan.fewShot)}
          </div>
          <div className="stat-label">of them few-shot</div>
        </div>
        <div className="stat">
          <div className="stat-value">{plan.datasets.length}</div>
          <div className="stat-label">datasets</div>
        </div>
      </div>

      <h3>Per category</h3>
      <div className="table-wrap">
        <table aria-label="Planned examples per category">
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col" className="num">
                Examples
              </th>
            </tr>
          </thead>
          <tbody>
            {plan.byCategory.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.name}</th>
                <td className="num">{fmt(c.planned)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>Per dataset</h3>
      <div className="table-wrap">
        <table aria-label="Planned examples per dataset">
          <thead>
            <tr>
              <th scope="col">Dataset</th>
              <th scope="col" className="num">
                Rows ({plan.split})
              </th>
              <th scope="col" className="num">
                Examples
              </th>
              <th scope="col" className="num">
                Few-shot
              </th>
            </tr>
          </thead>
          <tbody>
            {plan.datasets.map((d) => (
              <tr key={d.key}>
                <th scope="row">
                  <Link href={`/datasets/${d.datasetId}`}>{d.key}</Link>
                  <div className="small muted mixture-plan-templates">
                    {d.categoryName} ·{" "}
                    {d.templates.map((t, i) => (
                      <span key={t.id}>
                        {i > 0 ? ", " : ""}
                        <Link href={`/templates/${t.id}`}>{t.name}</Link> {fmt(t.planned)}
                      </span>
                    ))}
                  </div>
                </th>
                <td className="num">{fmt(d.rows)}</td>
                <td className="num">{fmt(d.planned)}</td>
                <td className="num">{fmt(d.fewShot)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {plan.excluded.heldOutCategories.length > 0 || plan.excluded.templates > 0 ? (
        <p className="small muted">
          Held out: {plan.excluded.templates} template{plan.excluded.templates === 1 ? "" : "s"}
          {plan.excluded.heldOutCategories.length > 0 ? ` (categories: ${plan.excluded.heldOutCategories.join(", ")})` : ""}.
        </p>
      ) : null}
      {plan.notes.map((n) => (
        <p key={n} className="alert alert-info small">
          {n}
        </p>
      ))}
    </div>
  );
}
