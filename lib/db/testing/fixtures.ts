// Small builders for data-layer tests; they go through the public lib/db functions.
import { randomBytes } from "node:crypto";
import { createDataset } from "../datasets";
import { createUser, type Role } from "../users";

const HASH = "$2b$04$abcdefghijklmnopqrstuu5Vh1sKqT9Qm7r4ZbGgOa2W2mQb9uS3e";

export const unique = (prefix: string) => `${prefix}_${randomBytes(4).toString("hex")}`;

export function makeUser(role: Role = "contributor") {
  const name = unique(role);
  return createUser({ email: `${name}@example.org`, name, passwordHash: HASH, role }, null);
}

export function makeDataset(overrides: { name?: string; subset?: string | null } = {}) {
  return createDataset(
    {
      name: overrides.name ?? unique("ds"),
      subset: overrides.subset ?? null,
      description: "test dataset",
      features: { text: { dtype: "string", _type: "Value" }, label: { names: ["neg", "pos"], _type: "ClassLabel" } },
    },
    null,
  );
}

export const sampleVersion = (jinja = "{{text}} ||| {{answer_choices[label]}}") => ({
  jinja,
  answerChoices: "no ||| yes",
  reference: "written for tests",
  metadata: { originalTask: true, choicesInPrompt: false, metrics: ["Accuracy"], languages: ["en"] },
  extra: { unknown_field: { kept: [1, 2.5] } },
});
